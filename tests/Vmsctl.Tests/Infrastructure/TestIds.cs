namespace VmsServices.Vmsctl.Tests.Infrastructure;

/// <summary>Ids no other test uses, so tests sharing one running system never see each other's devices and servers.</summary>
public static class TestIds
{
    public static string New(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    /// <summary>An RTSP URL nobody answers: a recorder can never record it.</summary>
    public static string DeadStream() => $"rtsp://127.0.0.1:{TestSupport.Ports.Free()}/dead";

    /// <summary>An HTTP base URL nobody answers.</summary>
    public static string ClosedUrl() => $"http://127.0.0.1:{TestSupport.Ports.Free()}";
}
