using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using VmsServices.Hosting.Metrics;

namespace VmsServices.Operations.Tests.Observability;

public class MetricsCollectorTests
{
    private ServiceProvider _node = null!;
    private ServiceProvider _otherNode = null!;

    [SetUp]
    public void CreateNodes()
    {
        _node = new ServiceCollection().AddMetrics().BuildServiceProvider();
        _otherNode = new ServiceCollection().AddMetrics().BuildServiceProvider();
    }

    [TearDown]
    public void DisposeNodes()
    {
        _node.Dispose();
        _otherNode.Dispose();
    }

    private Meter NodeMeter(ServiceProvider node, string name = "VmsServices.Test") => node.GetRequiredService<IMeterFactory>().Create(name);

    private static MetricFamily Family(MetricsCollector collector, string name) => collector.Collect().Single(f => f.Name == name);

    [Test]
    public void Counters_sum_per_label_set_and_up_down_counters_are_gauges()
    {
        var meter = NodeMeter(_node);
        var counter = meter.CreateCounter<long>("test.requests", description: "Requests.");
        var inFlight = meter.CreateUpDownCounter<int>("test.in_flight");
        using var collector = new MetricsCollector(_node.GetRequiredService<IMeterFactory>());

        counter.Add(2, new KeyValuePair<string, object?>("kind", "a"));
        counter.Add(3, new KeyValuePair<string, object?>("kind", "a"));
        counter.Add(1, new KeyValuePair<string, object?>("kind", "b"));
        inFlight.Add(5);
        inFlight.Add(-2);

        var requests = Family(collector, "test.requests");
        Assert.That(requests.Kind, Is.EqualTo(MetricKind.Counter));
        Assert.That(requests.Description, Is.EqualTo("Requests."));
        Assert.That(requests.Samples.ToDictionary(s => s.Labels.Single().Value, s => s.Value), Is.EqualTo(new Dictionary<string, double> { ["a"] = 5, ["b"] = 1 }));
        var gauge = Family(collector, "test.in_flight");
        Assert.That(gauge.Kind, Is.EqualTo(MetricKind.Gauge));
        Assert.That(gauge.Samples.Single().Value, Is.EqualTo(3));
    }

    [Test]
    public void Observable_instruments_report_what_their_callback_returns_at_each_collection()
    {
        var meter = NodeMeter(_node);
        var states = new List<Measurement<int>> { new(2, new KeyValuePair<string, object?>("state", "recording")) };
        meter.CreateObservableGauge("test.recorders", () => states);
        long total = 10;
        meter.CreateObservableCounter("test.total", () => total);
        meter.CreateObservableUpDownCounter("test.level", () => -4);
        using var collector = new MetricsCollector(_node.GetRequiredService<IMeterFactory>());

        Assert.That(Family(collector, "test.recorders").Samples.Single().Value, Is.EqualTo(2));
        states = [new(1, new KeyValuePair<string, object?>("state", "stopped"))];
        total = 25;

        var recorders = Family(collector, "test.recorders");
        Assert.That(recorders.Samples.Select(s => s.Labels.Single().Value), Is.EqualTo(new[] { "stopped" }), "a series no longer reported goes");
        Assert.That(Family(collector, "test.total"), Has.Property(nameof(MetricFamily.Kind)).EqualTo(MetricKind.Counter));
        Assert.That(Family(collector, "test.total").Samples.Single().Value, Is.EqualTo(25));
        Assert.That(Family(collector, "test.level"), Has.Property(nameof(MetricFamily.Kind)).EqualTo(MetricKind.Gauge));
    }

    [Test]
    public void Counter_totals_report_their_known_label_values_from_the_start_and_count_before_any_listener()
    {
        var totals = new CounterTotals(NodeMeter(_node), "test.bytes", "By", "Bytes.", "source", "local", "proxied");
        totals.Add(100, "local"); // no listener yet: still counted
        using var collector = new MetricsCollector(_node.GetRequiredService<IMeterFactory>());
        totals.Add(50, "local");

        var bytes = Family(collector, "test.bytes");
        Assert.That(bytes.Kind, Is.EqualTo(MetricKind.Counter));
        Assert.That(bytes.Samples.ToDictionary(s => s.Labels.Single().Value, s => s.Value),
            Is.EqualTo(new Dictionary<string, double> { ["local"] = 150, ["proxied"] = 0 }));
    }

    [Test]
    public void Only_the_nodes_own_vms_meters_are_collected_and_histograms_are_left_out()
    {
        NodeMeter(_node).CreateObservableGauge("test.mine", () => 1);
        NodeMeter(_node).CreateHistogram<double>("test.durations").Record(1);
        NodeMeter(_otherNode).CreateObservableGauge("test.other_node", () => 2);
        NodeMeter(_node, "Other.Library").CreateObservableGauge("test.library", () => 3);
        using var unscoped = new Meter("VmsServices.Unscoped");
        unscoped.CreateObservableGauge("test.unscoped", () => 4);
        using var collector = new MetricsCollector(_node.GetRequiredService<IMeterFactory>());

        var names = collector.Collect().Select(f => f.Name).Where(n => n.StartsWith("test.", StringComparison.Ordinal));
        Assert.That(names, Is.EqualTo(new[] { "test.mine" }));
    }

    [Test]
    public void What_a_collector_collects_is_valid_prometheus_text()
    {
        var meter = NodeMeter(_node);
        using var collector = new MetricsCollector(_node.GetRequiredService<IMeterFactory>());
        meter.CreateCounter<double>("test.seconds", description: "Seconds.").Add(0.5, new KeyValuePair<string, object?>("path", "a\"b\\c\nd"));
        meter.CreateObservableGauge("test.version", () => 42L, description: "Version.");

        var text = PrometheusText.Write(collector.Collect());

        Assert.That(PrometheusTextFormat.Validate(text), Is.Empty, text);
        Assert.That(PrometheusTextFormat.Value(text, "test_seconds_total", "path", "a\\\"b\\\\c\\nd"), Is.EqualTo(0.5), text);
        Assert.That(PrometheusTextFormat.Value(text, "test_version"), Is.EqualTo(42));
    }
}
