using System.Globalization;
using System.Text.RegularExpressions;

namespace VmsServices.Operations.Tests.Observability;

/// <summary>
/// An independent reader of the Prometheus text format 0.0.4, written from the format's
/// description rather than from the writer: returns what is wrong (empty when the text is valid)
/// and reads sample values back for the assertions of the tests.
/// </summary>
internal static partial class PrometheusTextFormat
{
    public static List<string> Validate(string text)
    {
        var errors = new List<string>();
        if (text.Length > 0 && !text.EndsWith('\n')) errors.Add("the text does not end with a line feed");
        var typed = new Dictionary<string, string>(StringComparer.Ordinal);
        var helped = new HashSet<string>(StringComparer.Ordinal);
        var finished = new HashSet<string>(StringComparer.Ordinal);
        var series = new HashSet<string>(StringComparer.Ordinal);
        string? current = null;
        foreach (var (line, number) in text.Split('\n').Select((l, i) => (l, i + 1)).Where(x => x.l.Length > 0))
        {
            var where = $"line {number} '{line}'";
            if (Comment().Match(line) is { Success: true } comment)
            {
                var name = comment.Groups["name"].Value;
                var family = comment.Groups["kind"].Value == "TYPE" ? typed : null;
                if (family is not null)
                {
                    if (!TypeName().IsMatch(comment.Groups["rest"].Value)) errors.Add($"{where}: unknown type");
                    if (!typed.TryAdd(name, comment.Groups["rest"].Value)) errors.Add($"{where}: second TYPE for {name}");
                    if (series.Any(s => s.StartsWith(name + "{", StringComparison.Ordinal) || s == name)) errors.Add($"{where}: TYPE after samples");
                }
                else if (!helped.Add(name)) errors.Add($"{where}: second HELP for {name}");
                Switch(name);
                continue;
            }
            if (line.StartsWith('#')) continue; // other comments are allowed
            var sample = Sample().Match(line);
            if (!sample.Success)
            {
                errors.Add($"{where}: not a sample line");
                continue;
            }
            var metric = sample.Groups["name"].Value;
            Switch(metric);
            if (!double.TryParse(sample.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _) && sample.Groups["value"].Value is not ("+Inf" or "-Inf" or "NaN"))
                errors.Add($"{where}: value is not a number");
            var labels = sample.Groups["labels"].Value;
            if (labels.Length > 0 && !LabelList().IsMatch(labels)) errors.Add($"{where}: malformed labels");
            var names = LabelPair().Matches(labels).Select(m => m.Groups["name"].Value).ToList();
            if (names.Distinct().Count() != names.Count) errors.Add($"{where}: a label is repeated");
            if (!series.Add(metric + "{" + labels + "}")) errors.Add($"{where}: duplicate series");
            if (typed.TryGetValue(metric, out var type) && type == "counter" && !metric.EndsWith("_total", StringComparison.Ordinal))
                errors.Add($"{where}: counter without the _total suffix");
            if (!typed.ContainsKey(metric)) errors.Add($"{where}: sample without TYPE");
        }
        return errors;

        // The lines of one metric family are contiguous: once another family starts, it is finished.
        void Switch(string name)
        {
            if (name == current) return;
            if (current is not null) finished.Add(current);
            if (finished.Contains(name)) errors.Add($"metric {name} appears in two separate groups");
            current = name;
        }
    }

    /// <summary>The value of one series, e.g. <c>Value(text, "vms_recording_segments_stored_total", "data_type", "video")</c>; null when absent.</summary>
    public static double? Value(string text, string metric, params string[] labelPairs)
    {
        var wanted = Enumerable.Range(0, labelPairs.Length / 2).Select(i => $"{labelPairs[2 * i]}=\"{labelPairs[2 * i + 1]}\"").ToList();
        foreach (var line in text.Split('\n'))
        {
            var sample = Sample().Match(line);
            if (!sample.Success || sample.Groups["name"].Value != metric) continue;
            var labels = LabelPair().Matches(sample.Groups["labels"].Value).Select(m => m.Value).ToList();
            if (wanted.All(labels.Contains) && labels.Count == wanted.Count)
                return double.Parse(sample.Groups["value"].Value, CultureInfo.InvariantCulture);
        }
        return null;
    }

    [GeneratedRegex(@"^# (?<kind>HELP|TYPE) (?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?: (?<rest>.*))?$")]
    private static partial Regex Comment();

    [GeneratedRegex(@"^(counter|gauge|histogram|summary|untyped)$")]
    private static partial Regex TypeName();

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(?<labels>[^\n]*)\})? (?<value>\S+)(?: -?\d+)?$")]
    private static partial Regex Sample();

    private const string Pair = @"[a-zA-Z_][a-zA-Z0-9_]*=""(?:[^""\\\n]|\\[\\""n])*""";

    [GeneratedRegex("^" + Pair + "(?:," + Pair + ")*,?$")]
    private static partial Regex LabelList();

    [GeneratedRegex(@"(?<name>[a-zA-Z_][a-zA-Z0-9_]*)=""(?:[^""\\\n]|\\[\\""n])*""")]
    private static partial Regex LabelPair();
}
