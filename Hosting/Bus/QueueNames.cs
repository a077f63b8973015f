namespace VmsServices.Hosting.Bus;

/// <summary>Queue names of the nodes; one place so senders and receivers agree.</summary>
public static class QueueNames
{
    public const string Management = "vms-management";

    public static string Recording(string recordingServerId) => $"vms-recording-{recordingServerId}";

    public static Uri Address(string queueName) => new($"queue:{queueName}");
}
