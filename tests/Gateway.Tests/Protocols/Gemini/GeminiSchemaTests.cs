using System.Buffers;
using System.Text;
using System.Text.Json;
using Gateway.Protocols.Gemini;

namespace Gateway.Tests.Protocols.Gemini;

public sealed class GeminiSchemaTests
{
    private static string Convert(string schema)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            using var document = JsonDocument.Parse(schema);
            GeminiSchema.Write(writer, document.RootElement);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [Theory]
    [InlineData("""{"type":"STRING"}""", """{"type":"string"}""")]
    [InlineData("""{"type":"INTEGER","nullable":true,"minimum":1}""", """{"type":["integer","null"],"minimum":1}""")]
    [InlineData("""{"type":"TYPE_UNSPECIFIED","description":"any"}""", """{"description":"any"}""")]
    [InlineData("""{"type":"OBJECT","properties":{"a":{"type":"ARRAY","items":{"type":"NUMBER","format":"float"}},"b":{"anyOf":[{"type":"BOOLEAN"},{"type":"NULL"}]}},"required":["a"],"propertyOrdering":["b","a"],"example":{"a":[1]}}""",
        """{"type":"object","properties":{"a":{"type":"array","items":{"type":"number","format":"float"}},"b":{"anyOf":[{"type":"boolean"},{"type":"null"}]}},"required":["a"]}""")]
    [InlineData("""{"type":"STRING","enum":["x","y"],"title":"T","default":"x","maxLength":3}""", """{"type":"string","enum":["x","y"],"title":"T","default":"x","maxLength":3}""")]
    public void Write_GooglesSchema_IsJsonSchema(string google, string jsonSchema) => Assert.Equal(jsonSchema, Convert(google));
}
