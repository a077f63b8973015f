using System.Globalization;
using System.Text;

namespace VmsServices.Hosting.Metrics;

/// <summary>
/// The Prometheus text exposition format, version 0.0.4: per metric one <c># HELP</c> and one
/// <c># TYPE</c> line, then one line per series, <c>name{label="value",...} value</c>. Names are
/// made Prometheus-style (characters outside [a-zA-Z0-9_:] become '_', counters end in
/// <c>_total</c>); label values escape backslash, double quote and line feed, help text backslash
/// and line feed. Instruments that map to the same name are written as one family.
/// </summary>
public static class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Write(IEnumerable<MetricFamily> families)
    {
        var text = new StringBuilder();
        foreach (var group in families.GroupBy(f => MetricName(f.Name, f.Kind)).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var first = group.First();
            text.Append("# HELP ").Append(group.Key).Append(' ').Append(EscapeHelp(first.Description.Length > 0 ? first.Description : first.Name)).Append('\n');
            text.Append("# TYPE ").Append(group.Key).Append(' ').Append(first.Kind == MetricKind.Counter ? "counter" : "gauge").Append('\n');
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var sample in group.SelectMany(f => f.Samples))
            {
                var labels = Labels(sample.Labels);
                if (!seen.Add(labels)) continue; // one value per series: the first instrument wins
                text.Append(group.Key).Append(labels).Append(' ').Append(Value(sample.Value)).Append('\n');
            }
        }
        return text.ToString();
    }

    /// <summary><c>vms.recording.bytes_written</c> as a counter: <c>vms_recording_bytes_written_total</c>.</summary>
    public static string MetricName(string name, MetricKind kind)
    {
        var sanitized = Sanitize(name, allowColon: true);
        return kind == MetricKind.Counter && !sanitized.EndsWith("_total", StringComparison.Ordinal) ? sanitized + "_total" : sanitized;
    }

    /// <summary>A label name: [a-zA-Z_][a-zA-Z0-9_]*, and never the reserved "__" prefix.</summary>
    public static string LabelName(string name)
    {
        var sanitized = Sanitize(name, allowColon: false);
        return sanitized.StartsWith("__", StringComparison.Ordinal) ? "_" + sanitized.TrimStart('_') : sanitized;
    }

    public static string EscapeLabelValue(string value) =>
        value.Replace("\\", @"\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", @"\n", StringComparison.Ordinal);

    private static string EscapeHelp(string help) =>
        help.Replace("\\", @"\\", StringComparison.Ordinal).Replace("\n", @"\n", StringComparison.Ordinal);

    private static string Labels(IReadOnlyList<KeyValuePair<string, string>> labels)
    {
        if (labels.Count == 0) return "";
        var text = new StringBuilder("{");
        foreach (var (name, value) in labels.OrderBy(l => LabelName(l.Key), StringComparer.Ordinal))
        {
            if (text.Length > 1) text.Append(',');
            text.Append(LabelName(name)).Append("=\"").Append(EscapeLabelValue(value)).Append('"');
        }
        return text.Append('}').ToString();
    }

    private static string Value(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private static string Sanitize(string name, bool allowColon)
    {
        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var c = chars[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_' || (allowColon && c == ':'))) chars[i] = '_';
        }
        var sanitized = new string(chars);
        return sanitized.Length == 0 || char.IsAsciiDigit(sanitized[0]) ? "_" + sanitized : sanitized;
    }
}
