using VmsServices.Messages;
using VmsServices.Recording.Configuration;

namespace VmsServices.Recording.Tests.ArchiveServer;

public sealed class ArchiveCopyRulesTests
{
    private static readonly RecordingServerRecord Joining = new("rec-c", "rec-c", "http://rec-c.test");

    [TestCase(true, ExpectedResult = new[] { "arch-z", "rec-c" })]
    [TestCase(false, ExpectedResult = new[] { "arch-z" })]
    public string[] An_archiving_server_keeps_every_server_it_is_told_of_a_recording_server_only_its_peers(bool allServers)
    {
        var copy = new ConfigurationCopy("arch-z", 3, [], [new RecordingServerRecord("arch-z", "arch-z", "http://arch-z.test")]);
        var registered = new ConfigurationChanged(4, [], [], [Joining], [], 0);

        Assert.That(ConfigurationCopyRules.TryApply(copy, registered, out var next, allServers), Is.EqualTo(ApplyOutcome.Applied));
        return next.Servers.Select(s => s.Id).ToArray();
    }

    [Test]
    public void A_removed_server_leaves_an_archiving_server_copy()
    {
        var copy = new ConfigurationCopy("arch-z", 3, [], [new RecordingServerRecord("arch-z", "arch-z", "http://arch-z.test"), Joining]);

        ConfigurationCopyRules.TryApply(copy, new ConfigurationChanged(4, [], [], [], [Joining.Id], 0), out var next, allServers: true);

        Assert.That(next.Servers.Select(s => s.Id), Is.EqualTo(new[] { "arch-z" }));
    }
}
