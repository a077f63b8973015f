using VmsServices.Hosting.Data;

namespace VmsServices.Management.Tests.Moves;

/// <summary>
/// Base of the move saga specifications: a management node on a fresh database of the fixture's
/// dialect, with rec-a and rec-b registered and cam-1 recording on rec-a.
/// </summary>
public abstract class MoveSpecification(DatabaseProvider provider)
{
    protected TestDatabase Database { get; private set; } = null!;
    protected ManagementTestNode Node { get; set; } = null!;

    protected virtual Dictionary<string, string?>? Settings => null;

    [SetUp]
    public async Task StartNode()
    {
        Database = await TestDatabase.CreateAsync(provider);
        Node = await ManagementTestNode.StartAsync(Database, settings: Settings);
        await Node.GivenCam1OnRecA();
    }

    [TearDown]
    public async Task StopNode()
    {
        if (Node is not null) await Node.DisposeAsync();
        if (Database is not null) await Database.DisposeAsync();
    }
}
