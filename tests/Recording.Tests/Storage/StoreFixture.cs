namespace VmsServices.Recording.Tests.Storage;

/// <summary>A fresh segment store in a scratch directory per test, and the time units the store tests use.</summary>
public abstract class StoreFixture
{
    protected static readonly long T0 = Fmp4Samples.Epoch;
    protected const long Second = Fmp4Samples.SegmentMicros;

    protected TestStore Test { get; private set; } = null!;

    [SetUp]
    public async Task CreateStore() => Test = await TestStore.CreateAsync();

    [TearDown]
    public async Task DisposeStore() => await Test.DisposeAsync();
}
