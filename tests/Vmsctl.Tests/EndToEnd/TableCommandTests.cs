using VmsServices.Vmsctl.Cli;
using VmsServices.Vmsctl.Tests.Infrastructure;

namespace VmsServices.Vmsctl.Tests.EndToEnd;

/// <summary>vmsctl table and vmsctl moves (the history; the moves themselves are in <see cref="MoveCommandTests"/>).</summary>
public sealed class TableCommandTests
{
    [Test]
    public async Task Table_shows_the_version_and_every_row()
    {
        var table = (await DemoSystem.RunAsync("table")).Exits(ExitCodes.Ok);
        Assert.That(table.StdoutLines[0], Does.Match(@"^configuration table version \d+$"));
        Assert.That(table.StdoutLines[1], Does.Match(@"^DEVICE\s+DATA TYPE\s+SERVER\s+CURRENT$"));
        Assert.That(table.StdoutLines, Has.Some.Match(@"^cam-1\s+video\s+rec-a\s+yes$"));
        Assert.That(table.StdoutLines, Has.Some.Match(@"^cam-2\s+video\s+rec-b\s+yes$"));
    }

    [Test]
    public async Task Table_for_one_server_has_only_its_rows()
    {
        var json = (await DemoSystem.RunAsync("table", "--server", "rec-b", "--json")).Exits(ExitCodes.Ok).Json;
        Assert.That(json.GetProperty("version").GetInt64(), Is.Positive);
        Assert.That(json.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("recordingServerId").GetString()).Distinct(), Is.EqualTo(new[] { "rec-b" }));
    }

    [Test]
    public async Task Moves_lists_the_history_newest_first_with_a_header()
    {
        var moves = (await DemoSystem.RunAsync("moves", "--limit", "5")).Exits(ExitCodes.Ok);
        Assert.That(moves.StdoutLines[0], Does.Match(@"^ID\s+DEVICE\s+FROM\s+TO\s+STATE\s+REQUESTED\s+ENDED\s+REASON$"));
        var json = (await DemoSystem.RunAsync("moves", "--limit", "5", "--json")).Exits(ExitCodes.Ok).Json;
        Assert.That(json.GetArrayLength(), Is.LessThanOrEqualTo(5));
        Assert.That(moves.StdoutLines, Has.Length.EqualTo(json.GetArrayLength() + 1));
    }

    [Test]
    public async Task A_limit_the_server_refuses_is_invalid_input()
    {
        (await DemoSystem.RunAsync("moves", "--limit", "0")).FailsWithOneLine(ExitCodes.Usage, "limit must be between 1 and 1000");
    }
}
