using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace VmsServices.Hosting.Metrics;

/// <summary>
/// A monotonic total per value of one label (or a single total without a label), published as an
/// <see cref="ObservableCounter{T}"/>. The totals live here, not in a listener, so nothing counted
/// before the first scrape (or before an exporter started) is lost, and the listed label values
/// report 0 from the start instead of being absent.
/// </summary>
public sealed class CounterTotals
{
    private readonly string? _label;
    private readonly ConcurrentDictionary<string, StrongBox<long>> _totals = new(StringComparer.Ordinal);

    public CounterTotals(Meter meter, string name, string unit, string description, string? label = null, params string[] knownValues)
    {
        _label = label;
        if (label is null) _totals[""] = new StrongBox<long>();
        foreach (var value in knownValues) _totals[value] = new StrongBox<long>();
        meter.CreateObservableCounter(name, Observe, unit, description);
    }

    public void Add(long amount, string labelValue = "") =>
        Interlocked.Add(ref _totals.GetOrAdd(labelValue, static _ => new StrongBox<long>()).Value, amount);

    private IEnumerable<Measurement<long>> Observe() => _totals.Select(t => _label is null
        ? new Measurement<long>(Volatile.Read(ref t.Value.Value))
        : new Measurement<long>(Volatile.Read(ref t.Value.Value), new KeyValuePair<string, object?>(_label, t.Key)));
}
