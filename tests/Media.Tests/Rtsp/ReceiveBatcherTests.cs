using VmsServices.Media.Rtsp;

namespace VmsServices.Media.Tests.Rtsp;

/// <summary>The low-water mark follows the camera's rate, stays capped, and falls back to one byte when media is late.</summary>
public class ReceiveBatcherTests
{
    private long _now;
    private readonly List<int> _set = [];
    private bool _supported;

    [SetUp]
    public void Fresh()
    {
        _now = 1_000_000;
        _set.Clear();
        _supported = true;
    }

    private ReceiveBatcher Batcher(double intervalMs = 100) =>
        new(b => { _set.Add(b); return _supported; }, TimeSpan.FromMilliseconds(intervalMs), () => _now);

    /// <summary>Feeds <paramref name="bytesPerSecond"/> for one second in 10 reads, as a reader would.</summary>
    private void OneSecondAt(ReceiveBatcher batcher, long bytesPerSecond)
    {
        for (var i = 0; i < 10; i++)
        {
            _now += 100;
            batcher.OnReceived(bytesPerSecond / 10);
        }
    }

    [Test]
    public void After_a_second_the_mark_is_what_the_camera_sends_in_one_interval()
    {
        var batcher = Batcher();
        _now += 999;
        batcher.OnReceived(250_000);
        Assert.That(_set, Is.Empty, "nothing before a whole second was measured");
        OneSecondAt(batcher, 250_000); // 2 Mbit/s
        Assert.That(batcher.LowWater, Is.InRange(24_000, 26_000));
        Assert.That(_set, Has.Count.EqualTo(1));
    }

    [Test]
    public void A_fast_stream_is_capped_below_the_read_buffer()
    {
        var batcher = Batcher();
        OneSecondAt(batcher, 8_000_000);
        Assert.That(batcher.LowWater, Is.EqualTo(ReceiveBatcher.MaxLowWaterBytes));
    }

    [Test]
    public void Small_changes_of_rate_cost_no_system_call_and_large_ones_do()
    {
        var batcher = Batcher();
        OneSecondAt(batcher, 250_000);
        OneSecondAt(batcher, 270_000); // +8 %
        Assert.That(_set, Has.Count.EqualTo(1));
        OneSecondAt(batcher, 100_000); // the camera lowered its bit rate
        Assert.That(_set, Has.Count.EqualTo(2));
        Assert.That(batcher.LowWater, Is.InRange(9_000, 11_000));
    }

    [Test]
    public void Relax_wakes_on_every_byte_until_the_next_measurement()
    {
        var batcher = Batcher();
        OneSecondAt(batcher, 250_000);
        batcher.Relax();
        Assert.That(batcher.LowWater, Is.EqualTo(1));
        batcher.Relax();
        Assert.That(_set, Is.EqualTo(new[] { _set[0], 1 }), "relaxing twice is one call");
        OneSecondAt(batcher, 250_000);
        Assert.That(batcher.LowWater, Is.GreaterThan(20_000));
    }

    [Test]
    public void Turning_batching_off_wakes_on_every_byte_at_once_and_on_again_at_the_next_measurement()
    {
        var batcher = Batcher(500);
        OneSecondAt(batcher, 250_000);
        Assert.That(batcher.LowWater, Is.InRange(120_000, 130_000).Or.EqualTo(ReceiveBatcher.MaxLowWaterBytes));

        batcher.SetInterval(TimeSpan.Zero); // a live viewer arrived
        Assert.That(batcher.LowWater, Is.EqualTo(1), "at once, not a second later");
        var calls = _set.Count;
        OneSecondAt(batcher, 250_000);
        Assert.That((batcher.LowWater, _set.Count), Is.EqualTo((1, calls)), "off: measurements set nothing");

        batcher.SetInterval(TimeSpan.FromMilliseconds(100)); // the viewer left
        Assert.That(batcher.LowWater, Is.EqualTo(1), "a longer interval waits for the next measurement");
        OneSecondAt(batcher, 250_000);
        Assert.That(batcher.LowWater, Is.InRange(24_000, 26_000));
    }

    [Test]
    public async Task Batching_turned_off_while_a_measurement_sets_the_mark_ends_at_one_byte()
    {
        // The reader is inside the system call that raises the mark when a viewer arrives on another
        // thread: whatever the order, the mark must end at one byte, not at the measurement's value.
        Task? viewerArrives = null;
        ReceiveBatcher batcher = null!;
        batcher = new ReceiveBatcher(b =>
        {
            lock (_set) _set.Add(b);
            if (b > 1 && viewerArrives is null)
            {
                viewerArrives = Task.Run(() => batcher.SetInterval(TimeSpan.Zero));
                Thread.Sleep(50); // let the viewer's thread reach the mark while this call is in progress
            }
            return true;
        }, TimeSpan.FromMilliseconds(100), () => _now);

        OneSecondAt(batcher, 250_000);
        await viewerArrives!.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(batcher.LowWater, Is.EqualTo(1));
        Assert.That(_set[^1], Is.EqualTo(1), "the socket's mark is the one the viewer's thread set");
    }

    [Test]
    public void An_unsupported_platform_is_asked_once_and_then_left_alone()
    {
        _supported = false;
        var batcher = Batcher();
        OneSecondAt(batcher, 250_000);
        OneSecondAt(batcher, 50_000);
        batcher.Relax();
        Assert.That(_set, Has.Count.EqualTo(1));
        Assert.That(batcher.LowWater, Is.EqualTo(1));
    }

    [Test]
    public void A_zero_interval_turns_batching_off()
    {
        var batcher = Batcher(intervalMs: 0);
        OneSecondAt(batcher, 250_000);
        batcher.Relax();
        Assert.That(_set, Is.Empty);
    }
}
