using VmsServices.Vmsctl.Cli;
using VmsServices.Vmsctl.Output;

namespace VmsServices.Vmsctl.Tests.Offline;

public sealed class ParsingTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly long NowMicros = UtcTimes.ToMicros(Now);

    [TestCase("2025-06-01T10:00:00Z", 1748772000000000L)]
    [TestCase("2025-06-01T10:00:00", 1748772000000000L)]
    [TestCase("2025-06-01T12:00:00+02:00", 1748772000000000L)]
    [TestCase("2025-06-01T10:00:00.000001Z", 1748772000000001L)]
    [TestCase("1748772000000000", 1748772000000000L)]
    public void Absolute_times_are_iso_8601_in_utc_unless_offset_or_utc_microseconds(string text, long micros) =>
        Assert.That(UtcTimes.Parse(text, "--from", Now), Is.EqualTo(micros));

    [TestCase("now", 0L)]
    [TestCase("-30s", 30_000_000L)]
    [TestCase("-10m", 600_000_000L)]
    [TestCase("-2h", 7_200_000_000L)]
    [TestCase("-1d", 86_400_000_000L)]
    [TestCase("-1.5s", 1_500_000L)]
    [TestCase("-250ms", 250_000L)]
    public void Relative_times_count_back_from_now(string text, long agoMicros) =>
        Assert.That(UtcTimes.Parse(text, "--from", Now), Is.EqualTo(NowMicros - agoMicros));

    [TestCase("yesterday")]
    [TestCase("-10")]
    [TestCase("-10x")]
    [TestCase("")]
    [TestCase("99999999999999999999")]
    public void Anything_else_is_a_usage_error_naming_the_forms(string text)
    {
        var e = Assert.Throws<CliException>(() => UtcTimes.Parse(text, "--from", Now))!;
        Assert.That(e.ExitCode, Is.EqualTo(ExitCodes.Usage));
        Assert.That(e.Detail, Does.StartWith("--from:"));
    }

    [Test]
    public void Times_print_as_iso_utc_with_microseconds() =>
        Assert.That(UtcTimes.Format(1748772000000001), Is.EqualTo("2025-06-01T10:00:00.000001Z"));

    [TestCase("30", 30_000)]
    [TestCase("30s", 30_000)]
    [TestCase("500ms", 500)]
    [TestCase("2m", 120_000)]
    [TestCase("00:01:30", 90_000)]
    public void Durations_take_a_unit_or_a_clock(string text, int milliseconds)
    {
        Assert.That(Durations.TryParse(text, out var d), Is.True);
        Assert.That(d, Is.EqualTo(TimeSpan.FromMilliseconds(milliseconds)));
    }

    [TestCase("soon")]
    [TestCase("-5s")]
    [TestCase("5 parsecs")]
    public void Durations_refuse_anything_else(string text) => Assert.That(Durations.TryParse(text, out _), Is.False);

    [Test]
    public void A_table_aligns_its_columns_and_leaves_no_trailing_spaces()
    {
        var writer = new StringWriter();
        new TextTable("ID", "NAME", "NOTE").Add("cam-1", "Door", "").Add("camera-22", "Yard", "x").WriteTo(writer);
        Assert.That(writer.ToString().Split(Environment.NewLine), Is.EqualTo(new[]
        {
            "ID         NAME  NOTE",
            "cam-1      Door",
            "camera-22  Yard  x",
            "",
        }));
    }
}
