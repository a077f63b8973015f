using VmsServices.Hosting.Metrics;

namespace VmsServices.Operations.Tests.Observability;

public class PrometheusTextTests
{
    private static MetricSample Sample(double value, params (string Name, string Value)[] labels) =>
        new(labels.Select(l => new KeyValuePair<string, string>(l.Name, l.Value)).ToList(), value);

    [Test]
    public void A_counter_gets_help_type_and_the_total_suffix()
    {
        var text = PrometheusText.Write([new MetricFamily("vms.recording.bytes_written", "Bytes committed.", MetricKind.Counter,
            [Sample(1234, ("data_type", "video")), Sample(0, ("data_type", "audio"))])]);

        Assert.That(text, Is.EqualTo("""
            # HELP vms_recording_bytes_written_total Bytes committed.
            # TYPE vms_recording_bytes_written_total counter
            vms_recording_bytes_written_total{data_type="video"} 1234
            vms_recording_bytes_written_total{data_type="audio"} 0

            """.ReplaceLineEndings("\n")));
    }

    [Test]
    public void A_gauge_keeps_its_name_and_a_counter_already_ending_in_total_is_not_suffixed_twice()
    {
        var text = PrometheusText.Write(
        [
            new MetricFamily("vms.recording.recorders", "By state.", MetricKind.Gauge, [Sample(3, ("state", "recording"))]),
            new MetricFamily("requests_total", "Requests.", MetricKind.Counter, [Sample(7)]),
        ]);

        Assert.That(text, Does.Contain("# TYPE vms_recording_recorders gauge\nvms_recording_recorders{state=\"recording\"} 3\n"));
        Assert.That(text, Does.Contain("# TYPE requests_total counter\nrequests_total 7\n"));
    }

    [Test]
    public void Label_values_escape_backslash_quote_and_line_feed_and_help_escapes_backslash_and_line_feed()
    {
        var text = PrometheusText.Write([new MetricFamily("m", "line one\nback\\slash \"quoted\"", MetricKind.Gauge,
            [Sample(1, ("path", "C:\\data\n\"x\""))])]);

        Assert.That(text, Does.Contain("# HELP m line one\\nback\\\\slash \"quoted\"\n"));
        Assert.That(text, Does.Contain("m{path=\"C:\\\\data\\n\\\"x\\\"\"} 1\n"));
    }

    [TestCase("vms.bus.messages-consumed", MetricKind.Counter, "vms_bus_messages_consumed_total")]
    [TestCase("1st.metric", MetricKind.Gauge, "_1st_metric")]
    [TestCase("ns:sub.metric/µs", MetricKind.Gauge, "ns:sub_metric__s")]
    public void Metric_names_become_prometheus_names(string name, MetricKind kind, string expected) =>
        Assert.That(PrometheusText.MetricName(name, kind), Is.EqualTo(expected));

    [TestCase("data.type", "data_type")]
    [TestCase("ns:label", "ns_label")]
    [TestCase("__reserved", "_reserved")]
    [TestCase("9lives", "_9lives")]
    public void Label_names_become_prometheus_label_names(string name, string expected) =>
        Assert.That(PrometheusText.LabelName(name), Is.EqualTo(expected));

    [Test]
    public void Values_use_the_invariant_culture_and_the_special_float_spellings()
    {
        var text = PrometheusText.Write([new MetricFamily("g", "G.", MetricKind.Gauge,
            [Sample(0.25, ("v", "a")), Sample(double.PositiveInfinity, ("v", "b")), Sample(double.NegativeInfinity, ("v", "c")), Sample(double.NaN, ("v", "d"))])]);

        Assert.That(text, Does.Contain("g{v=\"a\"} 0.25\n").And.Contain("g{v=\"b\"} +Inf\n").And.Contain("g{v=\"c\"} -Inf\n").And.Contain("g{v=\"d\"} NaN\n"));
    }

    [Test]
    public void Instruments_with_the_same_prometheus_name_form_one_family_with_one_value_per_series()
    {
        var text = PrometheusText.Write(
        [
            new MetricFamily("a.b", "First.", MetricKind.Gauge, [Sample(1, ("x", "1"))]),
            new MetricFamily("a_b", "Second.", MetricKind.Gauge, [Sample(2, ("x", "1")), Sample(3, ("x", "2"))]),
        ]);

        Assert.That(text, Is.EqualTo("# HELP a_b First.\n# TYPE a_b gauge\na_b{x=\"1\"} 1\na_b{x=\"2\"} 3\n"));
    }

    [Test]
    public void Labels_are_written_in_name_order_and_a_family_without_samples_keeps_help_and_type()
    {
        var text = PrometheusText.Write(
        [
            new MetricFamily("m", "M.", MetricKind.Gauge, [Sample(1, ("zone", "z"), ("app", "a"))]),
            new MetricFamily("empty", "", MetricKind.Counter, []),
        ]);

        Assert.That(text, Does.Contain("m{app=\"a\",zone=\"z\"} 1\n"));
        Assert.That(text, Does.Contain("# HELP empty_total empty\n# TYPE empty_total counter\n"));
        Assert.That(PrometheusTextFormat.Validate(text), Is.Empty);
    }
}
