using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Xml.Linq;

namespace VmsServices.Onvif.Tests.Discovery;

/// <summary>
/// A camera's WS-Discovery side on 127.0.0.1 (unicast only): for each Probe it receives it sends
/// back whatever datagrams the test asks for, made from the probe's MessageID, to the sender's port.
/// </summary>
internal sealed class DiscoveryResponder : IAsyncDisposable
{
    private static readonly XNamespace Addressing2004 = "http://schemas.xmlsoap.org/ws/2004/08/addressing";

    private readonly UdpClient _udp = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Func<string, IEnumerable<byte[]>> _answers;
    private readonly List<XElement> _probes = [];

    public DiscoveryResponder(Func<string, IEnumerable<byte[]>> answers)
    {
        _answers = answers;
        _loop = Task.Run(RunAsync);
    }

    public IPEndPoint Endpoint => (IPEndPoint)_udp.Client.LocalEndPoint!;

    public IReadOnlyList<XElement> Probes
    {
        get { lock (_probes) return _probes.ToList(); }
    }

    /// <summary>A sample with its RelatesTo set to the probe's MessageID (whatever WS-Addressing version it uses).</summary>
    public static byte[] Relating(byte[] sample, string messageId)
    {
        XDocument document = XDocument.Parse(Encoding.UTF8.GetString(sample));
        document.Descendants().Single(e => e.Name.LocalName == "RelatesTo").Value = messageId;
        return Encoding.UTF8.GetBytes(document.ToString(SaveOptions.DisableFormatting));
    }

    private async Task RunAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            UdpReceiveResult received;
            try
            {
                received = await _udp.ReceiveAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            XElement probe = XElement.Parse(Encoding.UTF8.GetString(received.Buffer));
            lock (_probes)
                _probes.Add(probe);
            string messageId = probe.Descendants(Addressing2004 + "MessageID").Single().Value;
            foreach (byte[] answer in _answers(messageId))
                await _udp.SendAsync(answer, received.RemoteEndPoint, _stop.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _udp.Dispose();
        _stop.Dispose();
    }
}
