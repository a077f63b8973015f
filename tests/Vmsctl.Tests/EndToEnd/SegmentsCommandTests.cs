using System.Globalization;
using System.Text.Json;
using VmsServices.Vmsctl.Cli;

namespace VmsServices.Vmsctl.Tests.EndToEnd;

public sealed class SegmentsCommandTests
{
    private static string Iso(long micros) =>
        DateTimeOffset.UnixEpoch.AddTicks(micros * 10).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private static async Task<JsonElement[]> AllSegmentsAsync() =>
        (await DemoSystem.RunAsync("segments", "cam-1", "--json")).Exits(ExitCodes.Ok).Json.EnumerateArray().ToArray();

    [Test]
    public async Task Segments_in_a_range_show_iso_utc_start_and_end_duration_and_holder()
    {
        var all = await AllSegmentsAsync();
        var (second, third) = (all[1], all[2]);
        var from = second.GetProperty("startUtcMicros").GetInt64();
        var to = third.GetProperty("endUtcMicros").GetInt64();

        // ISO-8601 and UTC microseconds are the same instants.
        var result = (await DemoSystem.RunAsync("segments", "cam-1", "--from", Iso(from), "--to", to.ToString(CultureInfo.InvariantCulture))).Exits(ExitCodes.Ok);
        Assert.That(result.StdoutLines[0], Does.Match(@"^START \(UTC\)\s+END \(UTC\)\s+DURATION\s+SIZE\s+AFTER GAP\s+SERVER$"));
        var rows = result.StdoutLines.Skip(1).ToArray();
        Assert.That(rows, Has.Length.EqualTo(2), result.ToString());
        foreach (var (row, segment) in rows.Zip(new[] { second, third }))
        {
            var (start, end) = (segment.GetProperty("startUtcMicros").GetInt64(), segment.GetProperty("endUtcMicros").GetInt64());
            var seconds = ((end - start) / 1e6).ToString("0.000", CultureInfo.InvariantCulture);
            Assert.That(row, Does.Match($@"^{Iso(start)}\s+{Iso(end)}\s+{seconds} s\s+[\d.]+ (B|KiB|MiB)\s+(yes|no)\s+rec-a$"));
        }
    }

    [Test]
    public async Task Relative_times_count_back_from_now()
    {
        var all = await AllSegmentsAsync();
        var lastHour = (await DemoSystem.RunAsync("segments", "cam-1", "--from", "-1h", "--json")).Exits(ExitCodes.Ok).Json;
        Assert.That(lastHour.GetArrayLength(), Is.GreaterThanOrEqualTo(all.Length), "the system started minutes ago: everything is in the last hour");

        // Before the system started nothing was recorded: an empty table, not an error.
        var before = (await DemoSystem.RunAsync("segments", "cam-1", "--from", "-10d", "--to", "-9d")).Exits(ExitCodes.Ok);
        Assert.That(before.StdoutLines, Has.Length.EqualTo(1), "only the header");
    }

    [Test]
    public async Task A_range_that_ends_before_it_starts_is_a_usage_error()
    {
        (await DemoSystem.RunAsync("segments", "cam-1", "--from", "-1m", "--to", "-2m"))
            .FailsWithOneLine(ExitCodes.Usage, "--to (");
    }

    [Test]
    public async Task A_time_that_is_not_one_is_a_usage_error()
    {
        (await DemoSystem.RunAsync("segments", "cam-1", "--from", "yesterday")).FailsWithOneLine(ExitCodes.Usage, "--from: 'yesterday' is not a time");
    }

    [Test]
    public async Task Segments_of_an_unknown_device_are_not_found()
    {
        (await DemoSystem.RunAsync("segments", "no-such-device")).FailsWithOneLine(ExitCodes.NotFound, "Not found (404)");
    }

    [Test]
    public async Task A_data_type_the_device_does_not_record_is_not_found()
    {
        (await DemoSystem.RunAsync("segments", "cam-1", "--data-type", "audio")).FailsWithOneLine(ExitCodes.NotFound, "Device 'cam-1' has no current recording server for audio");
    }
}
