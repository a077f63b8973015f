using System.Collections;
using System.Reflection;
using MassTransit;

namespace VmsServices.Hosting.Bus;

/// <summary>
/// The logging scope of one consumed message: MessageType, ConversationId, CorrelationId and, when
/// the message has them, MoveId and DeviceId. Every line logged while the message is handled
/// carries them (the JSON console format writes scopes), so a move can be followed across the
/// management and recording servers by grepping its id: a move's messages all belong to the
/// conversation that bears the move id, and carry it as CorrelationId (<see cref="MoveCorrelation"/>).
/// </summary>
public sealed class MessageLogScope : IReadOnlyList<KeyValuePair<string, object?>>
{
    private readonly List<KeyValuePair<string, object?>> _values = new(5);

    private MessageLogScope() { }

    public static MessageLogScope For<T>(ConsumeContext<T> context) where T : class
    {
        var scope = new MessageLogScope();
        scope.Add("MessageType", MessageIds<T>.TypeName);
        scope.Add("ConversationId", context.ConversationId?.ToString());
        scope.Add("CorrelationId", context.CorrelationId?.ToString());
        if (MessageIds<T>.MoveId is { } moveId) scope.Add("MoveId", moveId(context.Message).ToString());
        if (MessageIds<T>.DeviceId is { } deviceId) scope.Add("DeviceId", deviceId(context.Message));
        return scope;
    }

    private void Add(string key, string? value)
    {
        if (value is not null) _values.Add(new(key, value));
    }

    public int Count => _values.Count;
    public KeyValuePair<string, object?> this[int index] => _values[index];
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _values.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => string.Join(" ", _values.Select(v => $"{v.Key}={v.Value}"));

    /// <summary>The message's MoveId (Guid) and DeviceId (string) properties, found once per message type.</summary>
    private static class MessageIds<T>
    {
        public static readonly string TypeName = typeof(T).Name;
        public static readonly Func<T, Guid>? MoveId = Getter<Guid>("MoveId");
        public static readonly Func<T, string>? DeviceId = Getter<string>("DeviceId");

        private static Func<T, TValue>? Getter<TValue>(string name) =>
            typeof(T).GetProperty(name, BindingFlags.Public | BindingFlags.Instance) is { PropertyType: var type, GetMethod: { } get } && type == typeof(TValue)
                ? get.CreateDelegate<Func<T, TValue>>()
                : null;
    }
}
