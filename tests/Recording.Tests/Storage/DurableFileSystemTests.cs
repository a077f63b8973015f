using VmsServices.Recording.Storage;
using VmsServices.TestSupport;

namespace VmsServices.Recording.Tests.Storage;

public sealed class DurableFileSystemTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp() => _dir = RepoPaths.NewScratchDirectory("durable");

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, true);

    [Test]
    public void A_directory_can_be_fsynced()
    {
        Assert.That(() => DurableFileSystem.FsyncDirectory(_dir), Throws.Nothing);
    }

    [Test]
    public void Fsyncing_a_missing_directory_fails_loudly()
    {
        if (OperatingSystem.IsWindows()) Assert.Ignore("Directory fsync is a no-op on Windows (NTFS journals metadata).");

        Assert.That(() => DurableFileSystem.FsyncDirectory(Path.Combine(_dir, "missing")), Throws.InstanceOf<IOException>());
    }

    [Test]
    public void Creating_a_directory_durably_creates_all_missing_ancestors()
    {
        var deep = Path.Combine(_dir, "a", "b", "c");

        DurableFileSystem.CreateDirectoryDurably(deep);
        DurableFileSystem.CreateDirectoryDurably(deep); // existing: nothing to do

        Assert.That(Directory.Exists(deep), Is.True);
    }
}
