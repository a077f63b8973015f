using VmsServices.Recording.Storage;

namespace VmsServices.Recording.Tests.Storage;

public sealed class FullDiskTests : StoreFixture
{
    [Test]
    public async Task A_write_that_runs_out_of_space_throws_StorageFull_and_leaves_the_file_as_it_was()
    {
        var quota = new QuotaStream.Budget(0);
        Test.Store.AppendStreamWrapper = file => new QuotaStream(file, quota);
        await using var writer = await Test.OpenFileAsync();
        quota.RemainingBytes = Fmp4Samples.Fragment(T0).Length + 1000; // the first fits, the second is cut mid-write
        var stored = await TestStore.AppendAsync(writer, T0);
        var lengthBefore = writer.LengthBytes;

        var e = Assert.ThrowsAsync<StorageFullException>(() => TestStore.AppendAsync(writer, T0 + Second));

        Assert.That(e!.Message, Does.Contain("full"));
        Assert.That(new FileInfo(Test.PathOf(writer.FileId)).Length, Is.EqualTo(lengthBefore));
        Assert.That(writer.LengthBytes, Is.EqualTo(lengthBefore));
        Assert.That(await Test.Store.ListAsync("cam-1", Fmp4Samples.DataType, T0, T0 + 10 * Second, default), Is.EqualTo(stored));
    }

    [Test]
    public async Task After_space_is_freed_the_same_writer_stores_again_and_everything_reads_back()
    {
        var quota = new QuotaStream.Budget(0);
        Test.Store.AppendStreamWrapper = file => new QuotaStream(file, quota);
        await using var writer = await Test.OpenFileAsync();
        Assert.ThrowsAsync<StorageFullException>(() => TestStore.AppendAsync(writer, T0));

        quota.RemainingBytes = long.MaxValue;
        var stored = await TestStore.AppendAsync(writer, T0 + Second, 2);

        Assert.That(stored[0].OffsetBytes, Is.EqualTo(Fmp4Samples.Init().Length), "nothing of the failed write remains");
        foreach (var s in stored) Assert.That(Test.ReadSegmentFragment(s), Is.EqualTo(Fmp4Samples.Fragment(s.StartUtcMicros)));
    }

    [TestCase(28, true)]   // ENOSPC
    [TestCase(5, false)]   // EIO
    public void Disk_full_is_recognized_by_the_errno_dotnet_puts_in_HResult(int errno, bool full)
    {
        if (!OperatingSystem.IsLinux()) Assert.Ignore("Linux errno values");

        Assert.That(RecordingFileWriter.IsDiskFull(new IOException("x", errno)), Is.EqualTo(full));
    }

    /// <summary>Writes through to the file until the budget is spent, then writes what fits and fails like ENOSPC.</summary>
    private sealed class QuotaStream(FileStream inner, QuotaStream.Budget budget) : Stream
    {
        public sealed class Budget(long remainingBytes)
        {
            public long RemainingBytes { get; set; } = remainingBytes;
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            var fits = (int)Math.Min(buffer.Length, budget.RemainingBytes);
            inner.Write(buffer[..fits]);
            budget.RemainingBytes -= fits;
            if (fits < buffer.Length) throw new IOException("No space left on device", 28);
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
        public override void Flush() => inner.Flush();
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => inner.Position = value; }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
