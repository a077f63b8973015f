using System.Text.Json;

namespace VmsServices.Management.ErrorQueues;

/// <summary>
/// What the MassTransit JSON envelope (content type application/vnd.masstransit+json, the default
/// serializer) says about a message: its type URNs and where it was going and came from. A body in
/// another format, or not JSON at all (a message that failed because it could not be read), has none.
/// </summary>
public sealed record MassTransitEnvelope(string? MessageType, string? DestinationAddress, string? SourceAddress)
{
    private const string UrnPrefix = "urn:message:";

    public static readonly MassTransitEnvelope None = new(null, null, null);

    public static MassTransitEnvelope Read(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return None;
            var type = root.TryGetProperty("messageType", out var types) && types.ValueKind == JsonValueKind.Array && types.GetArrayLength() > 0
                ? types[0].ToString()
                : null;
            return new MassTransitEnvelope(TypeName(type), Text(root, "destinationAddress"), Text(root, "sourceAddress"));
        }
        catch (JsonException)
        {
            return None;
        }
    }

    /// <summary>"urn:message:VmsServices.Messages:RecorderStarted" reads "VmsServices.Messages:RecorderStarted".</summary>
    public static string? TypeName(string? urn) =>
        urn is not null && urn.StartsWith(UrnPrefix, StringComparison.Ordinal) ? urn[UrnPrefix.Length..] : urn;

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
