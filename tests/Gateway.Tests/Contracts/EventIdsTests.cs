using System.Reflection;
using Gateway.Contracts;
using Microsoft.Extensions.Logging;

namespace Gateway.Tests.Contracts;

/// <summary>
/// Logging event ids are how operators filter the gateway's log: two messages sharing one make a filter lie. Every
/// <c>[LoggerMessage]</c> of the gateway's assembly is read by reflection (the attribute stays in the compiled code).
/// </summary>
public sealed class EventIdsTests
{
    private static readonly BindingFlags AllMethods =
        BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;

    [Fact]
    public void LoggerMessages_EveryEventId_IsUsedByOneMessageOnly()
    {
        var messages = LoggerMessages();
        Assert.True(messages.Count > 50, $"only {messages.Count} [LoggerMessage] methods found: is the reflection still reading the gateway's assembly?");

        var shared = messages
            .GroupBy(message => message.EventId)
            .Where(group => group.Count() > 1)
            .Select(group => $"{group.Key}: {string.Join(", ", group.Select(message => message.Name))}")
            .ToList();

        Assert.True(shared.Count == 0, "event ids used by more than one message (take the next free number of the folder's range in Contracts/EventIds.cs):\n" + string.Join("\n", shared));
    }

    [Fact]
    public void LoggerMessages_EveryEventId_IsDeclaredInEventIds()
    {
        var declared = Declared().Select(field => field.Value).ToHashSet();

        var undeclared = LoggerMessages()
            .Where(message => !declared.Contains(message.EventId))
            .Select(message => $"{message.EventId}: {message.Name}")
            .ToList();

        Assert.True(undeclared.Count == 0, "[LoggerMessage] ids not taken from Contracts/EventIds.cs (add a named constant there and use it):\n" + string.Join("\n", undeclared));
    }

    [Fact]
    public void EventIds_EveryConstant_HasItsOwnNumber()
    {
        var shared = Declared()
            .GroupBy(field => field.Value)
            .Where(group => group.Count() > 1)
            .Select(group => $"{group.Key}: {string.Join(", ", group.Select(field => field.Name))}")
            .ToList();

        Assert.True(shared.Count == 0, "EventIds constants sharing a number:\n" + string.Join("\n", shared));
    }

    private static List<(int EventId, string Name)> LoggerMessages() =>
        typeof(EventIds).Assembly.GetTypes()
            .SelectMany(type => type.GetMethods(AllMethods))
            .Select(method => (Method: method, Attribute: method.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(pair => pair.Attribute is not null)
            .Select(pair => (pair.Attribute!.EventId, $"{pair.Method.DeclaringType!.FullName}.{pair.Method.Name}"))
            .ToList();

    private static List<(string Name, int Value)> Declared() =>
        typeof(EventIds).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.IsLiteral && field.FieldType == typeof(int))
            .Select(field => (field.Name, (int)field.GetRawConstantValue()!))
            .ToList();
}
