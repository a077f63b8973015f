using System.Text.Json;
using VmsServices.Vmsctl.Api;
using VmsServices.Vmsctl.Cli;
using VmsServices.Vmsctl.Http;

namespace VmsServices.Vmsctl.Output;

/// <summary>How vmsctl errors show prints failed messages: a table of a page, or one message in full.</summary>
public static class FailedMessageText
{
    private const int MaxCell = 80;

    public static TextTable Table(IEnumerable<FailedMessage> messages)
    {
        var table = new TextTable("ID", "TYPE", "FAULTED", "EXCEPTION", "RETRIES", "SIZE", "REASON");
        foreach (var m in messages)
            table.Add(m.Id, ShortType(m.MessageType), Time(m.FaultedUtcMicros), ShortType(m.FaultExceptionType), m.Retries.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Formats.Bytes(m.SizeBytes), Cell(m.FaultMessage));
        return table;
    }

    /// <summary>The message's fields, its headers (the stack trace last, whole) and its body.</summary>
    public static void Write(TextWriter writer, string queue, FailedMessageDetail detail)
    {
        var m = detail.Message;
        var fields = new TextTable("FIELD", "VALUE")
            .Add("id", m.Id)
            .Add("type", m.MessageType)
            .Add("queue", $"{queue} (fails from {m.SourceQueue})")
            .Add("destination", m.DestinationAddress)
            .Add("source", m.SourceAddress)
            .Add("faulted", Time(m.FaultedUtcMicros))
            .Add("exception", m.FaultExceptionType)
            .Add("reason", OneLine(m.FaultMessage))
            .Add("consumer", detail.FaultConsumerType)
            .Add("retries", m.Retries.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Add("size", Formats.Bytes(m.SizeBytes));
        fields.WriteTo(writer);

        writer.WriteLine();
        var headers = new TextTable("HEADER", "VALUE");
        foreach (var (name, value) in detail.Properties) headers.Add(name, Cell(value));
        foreach (var (name, value) in detail.Headers.Where(h => h.Key != "MT-Fault-StackTrace")) headers.Add(name, Cell(value));
        headers.WriteTo(writer);

        writer.WriteLine();
        writer.WriteLine("body:");
        writer.WriteLine(detail.Body is { } json ? JsonSerializer.Serialize(json, ApiJson.Indented) : $"(not JSON, base64) {detail.BodyBase64}");
        if (detail.FaultStackTrace is { Length: > 0 } stack)
        {
            writer.WriteLine();
            writer.WriteLine("stack trace:");
            writer.WriteLine(stack);
        }
    }

    /// <summary>"VmsServices.Messages:RecorderStarted" and "Npgsql.PostgresException" read as their last name.</summary>
    private static string? ShortType(string? type) => type?[(type.LastIndexOfAny([':', '.']) + 1)..];

    private static string Time(long? micros) => micros is { } t ? UtcTimes.FormatSeconds(t) : "";

    private static string Cell(string? text)
    {
        var line = OneLine(text);
        return line.Length <= MaxCell ? line : line[..(MaxCell - 3)] + "...";
    }

    private static string OneLine(string? text) => string.Join(' ', (text ?? "").Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
}
