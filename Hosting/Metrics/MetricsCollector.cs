using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Numerics;

namespace VmsServices.Hosting.Metrics;

/// <summary>
/// Listens to the instruments of one node (a <see cref="MeterListener"/>) and keeps their current
/// values for /metrics: the sum of what counters and up-down counters added, the last value of
/// gauges, and what observable instruments report when asked at collection time. A node's
/// instruments are those of the <c>VmsServices.*</c> meters created by its own
/// <see cref="IMeterFactory"/> (<see cref="Meter.Scope"/>), so in the all-in-one demo each node's
/// /metrics shows its own values only. Histograms are not collected, nor the runtime's meters
/// (process metrics are the host's exporter's job, and several of their names end in _count, a
/// suffix Prometheus keeps for histograms).
/// </summary>
public sealed class MetricsCollector : IDisposable
{
    public const string MeterPrefix = "VmsServices.";

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, InstrumentValues> _instruments = new();
    private readonly Lock _collecting = new();
    private readonly object _scope;

    public MetricsCollector(IMeterFactory meters)
    {
        _scope = meters;
        _listener.InstrumentPublished = OnPublished;
        _listener.MeasurementsCompleted = (instrument, _) => _instruments.TryRemove(instrument, out InstrumentValues? _);
        Listen<byte>();
        Listen<short>();
        Listen<int>();
        Listen<long>();
        Listen<float>();
        Listen<double>();
        Listen<decimal>();
        _listener.Start();
    }

    /// <summary>Every collected instrument with its series, observable ones asked now; ordered by name.</summary>
    public IReadOnlyList<MetricFamily> Collect()
    {
        lock (_collecting)
        {
            foreach (var values in _instruments.Values) values.ForgetObserved();
            _listener.RecordObservableInstruments();
            return _instruments.Values.Select(v => v.Snapshot()).OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
        }
    }

    private void OnPublished(Instrument instrument, MeterListener listener)
    {
        var meter = instrument.Meter;
        if (!meter.Name.StartsWith(MeterPrefix, StringComparison.Ordinal) || !ReferenceEquals(meter.Scope, _scope)) return;
        if (InstrumentValues.KindOf(instrument) is not { } kind) return;
        var values = new InstrumentValues(instrument, kind);
        _instruments[instrument] = values;
        listener.EnableMeasurementEvents(instrument, values);
    }

    private void Listen<T>() where T : struct, INumberBase<T> =>
        _listener.SetMeasurementEventCallback<T>((_, value, tags, state) => ((InstrumentValues)state!).Record(double.CreateTruncating(value), tags));

    public void Dispose() => _listener.Dispose();

    /// <summary>The series of one instrument, keyed by their labels.</summary>
    private sealed class InstrumentValues(Instrument instrument, MetricKind kind)
    {
        private readonly ConcurrentDictionary<string, Series> _series = new(StringComparer.Ordinal);
        private readonly bool _adds = IsGeneric(instrument, typeof(Counter<>)) || IsGeneric(instrument, typeof(UpDownCounter<>));

        public static MetricKind? KindOf(Instrument instrument) =>
            IsGeneric(instrument, typeof(Counter<>)) || IsGeneric(instrument, typeof(ObservableCounter<>)) ? MetricKind.Counter
            : IsGeneric(instrument, typeof(Histogram<>)) ? null
            : MetricKind.Gauge; // up-down counters and gauges, observable or not

        public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var labels = new KeyValuePair<string, string>[tags.Length];
            for (var i = 0; i < tags.Length; i++)
                labels[i] = new(tags[i].Key, Convert.ToString(tags[i].Value, CultureInfo.InvariantCulture) ?? "");
            Array.Sort(labels, (a, b) => string.CompareOrdinal(a.Key, b.Key));
            var key = string.Join('\u0001', labels.Select(l => l.Key + "\u0002" + l.Value));
            var series = _series.GetOrAdd(key, _ => new Series(labels));
            if (_adds) series.Add(value);
            else series.Set(value);
        }

        /// <summary>Observable instruments report every series again at each collection; a series they no longer report goes.</summary>
        public void ForgetObserved()
        {
            if (instrument.IsObservable) _series.Clear();
        }

        public MetricFamily Snapshot() => new(instrument.Name, instrument.Description ?? "", kind,
            _series.Values.Select(s => new MetricSample(s.Labels, s.Value)).ToList());

        private static bool IsGeneric(Instrument instrument, Type definition) =>
            instrument.GetType().IsGenericType && instrument.GetType().GetGenericTypeDefinition() == definition;
    }

    private sealed class Series(IReadOnlyList<KeyValuePair<string, string>> labels)
    {
        private double _value;

        public IReadOnlyList<KeyValuePair<string, string>> Labels { get; } = labels;
        public double Value => Volatile.Read(ref _value);

        public void Add(double amount)
        {
            double seen, sum;
            do
            {
                seen = Volatile.Read(ref _value);
                sum = seen + amount;
            }
            while (Interlocked.CompareExchange(ref _value, sum, seen) != seen);
        }

        public void Set(double value) => Volatile.Write(ref _value, value);
    }
}
