using Gateway.FakeUpstream;

namespace Gateway.IntegrationTests.FakeUpstream;

/// <summary>The values the fake puts in tool arguments and structured outputs: the smallest its schema accepts.</summary>
public sealed class SchemaExampleTests
{
    [Theory]
    [InlineData("""{"type":"object","properties":{"city":{"type":"string"},"unit":{"type":"string"}},"required":["city"]}""", """{"city":"Paris"}""")]
    [InlineData("""{"type":"object","properties":{"n":{"type":"integer"},"x":{"type":"number"},"ok":{"type":"boolean"},"none":{"type":"null"}},"required":["n","x","ok","none"]}""", """{"n":1,"x":1.5,"ok":true,"none":null}""")]
    [InlineData("""{"type":"object","properties":{"unit":{"type":"string","enum":["celsius","fahrenheit"]},"v":{"const":3}},"required":["unit","v"]}""", """{"unit":"celsius","v":3}""")]
    [InlineData("""{"type":"object","properties":{"when":{"type":"string","format":"date-time"},"mail":{"type":"string","format":"email"},"id":{"type":"string","format":"uuid"}},"required":["when","mail","id"]}""", """{"when":"2024-01-01T00:00:00Z","mail":"fake@example.com","id":"00000000-0000-4000-8000-000000000000"}""")]
    [InlineData("""{"type":"object","properties":{"code":{"type":"string","minLength":8},"tag":{"type":"string","maxLength":2}},"required":["code","tag"]}""", """{"code":"Parisxxx","tag":"Pa"}""")]
    [InlineData("""{"type":"object","properties":{"age":{"type":"integer","minimum":18},"p":{"type":"number","exclusiveMaximum":1},"even":{"type":"integer","minimum":3,"multipleOf":2}},"required":["age","p","even"]}""", """{"age":18,"p":0.5,"even":4}""")]
    [InlineData("""{"type":"object","properties":{"tags":{"type":"array","items":{"type":"string"}},"pair":{"type":"array","minItems":2,"items":{"type":"integer"}},"empty":{"type":"array","maxItems":0}},"required":["tags","pair","empty"]}""", """{"tags":["Paris"],"pair":[1,1],"empty":[]}""")]
    [InlineData("""{"type":"object","properties":{"maybe":{"type":["string","null"]},"either":{"anyOf":[{"type":"null"},{"type":"integer"}]},"one":{"oneOf":[{"type":"boolean"},{"type":"string"}]}},"required":["maybe","either","one"]}""", """{"maybe":"Paris","either":1,"one":true}""")]
    [InlineData("""{"$defs":{"city":{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}},"type":"object","properties":{"home":{"$ref":"#/$defs/city"}},"required":["home"]}""", """{"home":{"name":"Paris"}}""")]
    [InlineData("""{"allOf":[{"type":"object","properties":{"a":{"type":"integer"}},"required":["a"]},{"properties":{"b":{"type":"boolean"}},"required":["b"]}]}""", """{"a":1,"b":true}""")]
    [InlineData("""{"type":"object","properties":{"tuple":{"type":"array","prefixItems":[{"type":"string"},{"type":"integer"}]}},"required":["tuple"]}""", """{"tuple":["Paris",1]}""")]
    [InlineData("""{"type":"object"}""", "{}")]
    [InlineData("""{"type":"object","required":["extra"],"additionalProperties":{"type":"integer"}}""", """{"extra":1}""")]
    public void For_Schema_GivesTheSmallestValidExample(string schema, string expected) => Assert.Equal(expected, SchemaExample.For(schema));

    [Theory]
    [InlineData("\"x\"")]
    [InlineData("[]")]
    [InlineData("12")]
    public void For_NotASchema_GivesAnEmptyObject(string notASchema) => Assert.Equal("{}", SchemaExample.For(notASchema));

    [Fact]
    public void For_RecursiveSchema_Ends()
    {
        const string Tree = """{"$defs":{"node":{"type":"object","properties":{"children":{"type":"array","items":{"$ref":"#/$defs/node"}}},"required":["children"]}},"$ref":"#/$defs/node"}""";

        var example = SchemaExample.For(Tree);

        // A required array recurses only while shallow, then stays empty, so the example is finite and still valid.
        Assert.StartsWith("""{"children":[{"children":[""", example, StringComparison.Ordinal);
        Assert.Contains("""{"children":[]}""", example, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"type":"object","properties":{"a":{"$ref":"#"},"b":{"$ref":"#"},"c":{"$ref":"#"},"d":{"$ref":"#"}},"required":["a","b","c","d"]}""")]
    [InlineData("""{"allOf":[{"$ref":"#"},{"$ref":"#"},{"$ref":"#"},{"$ref":"#"},{"$ref":"#"},{"$ref":"#"},{"$ref":"#"},{"$ref":"#"}]}""")]
    [InlineData("""{"$ref":"#"}""")]
    public void For_SelfReferencingSchema_EndsWithValidJson(string schema)
    {
        // Four required self-references would be 4^16 values: the example stops at a bounded size instead of hanging.
        var example = SchemaExample.For(schema);

        using var parsed = System.Text.Json.JsonDocument.Parse(example);
        Assert.True(example.Length < 200_000);
    }

    [Fact]
    public void For_TextNeedingEscapes_IsEscapedAsProvidersDo()
    {
        Assert.Equal("""{"q":"say \"hi\" é"}""", SchemaExample.For("""{"type":"object","properties":{"q":{"const":"say \"hi\" é"}},"required":["q"]}"""));
    }
}
