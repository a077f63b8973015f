namespace VmsServices.Hosting.Metrics;

/// <summary>How a metric's value behaves: only ever grows (counter) or goes up and down (gauge).</summary>
public enum MetricKind
{
    Counter,
    Gauge,
}

/// <summary>One time series of a metric: its labels (name, value) and its current value.</summary>
public sealed record MetricSample(IReadOnlyList<KeyValuePair<string, string>> Labels, double Value);

/// <summary>
/// One instrument as collected: its name as the code defines it (OpenTelemetry style, e.g.
/// <c>vms.recording.bytes_written</c>), description, kind and samples. The exposition format
/// decides how the name is spelled (<see cref="PrometheusText"/>).
/// </summary>
public sealed record MetricFamily(string Name, string Description, MetricKind Kind, IReadOnlyList<MetricSample> Samples);
