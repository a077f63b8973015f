using System.Collections;
using System.Globalization;
using System.Text;
using RabbitMQ.Client;

namespace VmsServices.Management.ErrorQueues;

/// <summary>
/// AMQP header values as text. RabbitMQ.Client hands strings over as UTF-8 byte arrays, numbers as
/// boxed integers, nested tables and arrays as dictionaries and lists.
/// </summary>
public static class AmqpHeaderText
{
    public static string? Of(object? value) => value switch
    {
        null => null,
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        string s => s,
        AmqpTimestamp t => t.UnixTime.ToString(CultureInfo.InvariantCulture),
        IDictionary table => "{" + string.Join(", ", table.Keys.Cast<object>().Select(k => $"{k}={Of(table[k])}")) + "}",
        IEnumerable list => "[" + string.Join(", ", list.Cast<object?>().Select(Of)) + "]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>A header's value, or null when absent.</summary>
    public static string? Get(IDictionary<string, object?>? headers, string name) =>
        headers is not null && headers.TryGetValue(name, out var value) ? Of(value) : null;
}
