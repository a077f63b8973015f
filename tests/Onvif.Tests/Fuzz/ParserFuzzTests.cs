using System.Xml.Linq;
using VmsServices.Onvif.Device;
using VmsServices.Onvif.Discovery;
using VmsServices.Onvif.Http;
using VmsServices.Onvif.Media;
using VmsServices.Onvif.Ptz;
using VmsServices.Onvif.Soap;
using VmsServices.Onvif.Tests.Support;

namespace VmsServices.Onvif.Tests.Fuzz;

/// <summary>
/// Deterministic fuzzing of the pure parsers with mutated samples: nothing but OnvifException
/// escapes, every run ends (under a generous deadline), and memory stays bounded.
/// </summary>
public class ParserFuzzTests
{
    private const int Iterations = 100_000;
    private const int MaxResponseBytes = 1024 * 1024;
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(10);
    private const long MemoryBoundBytes = 512L * 1024 * 1024;

    private static readonly string[] DiscoveryNames = ["ProbeMatches", "Hello", "Bye"];

    private static readonly SoapOperation StreamUri1 = MediaMessages.Media1.GetStreamUri("p");
    private static readonly SoapOperation SnapshotUri2 = MediaMessages.Media2.GetSnapshotUri("p");
    private static readonly SoapOperation Stop = PtzMessages.Stop("p");

    /// <summary>Every response parser the client has, run over one parsed Body.</summary>
    private static readonly Func<XElement, object>[] ResponseParsers =
    [
        DeviceMessages.ParseSystemDateAndTime,
        DeviceMessages.ParseDeviceInformation,
        ServiceAddressParser.ParseCapabilities,
        ServiceAddressParser.ParseServices,
        MediaMessages.Media1.ParseProfiles,
        MediaMessages.Media2.ParseProfiles,
        body => MediaMessages.Media1.ParseUri(body, StreamUri1),
        body => MediaMessages.Media2.ParseUri(body, SnapshotUri2),
        body =>
        {
            PtzMessages.ParseEmptyResponse(body, Stop);
            return true;
        },
    ];

    [Test]
    public async Task Soap_response_parsers_survive_mutated_responses()
    {
        List<byte[]> seeds = Samples.All(name => !DiscoveryNames.Contains(name)).ToList();

        FuzzOutcome outcome = await RunAsync(seeds, 20250101, input =>
        {
            int parsed = 0;
            try
            {
                XElement body = SoapResponseParser.ParseBody(input, MaxResponseBytes);
                foreach (Func<XElement, object> parse in ResponseParsers)
                    parsed += Attempt(() => parse(body)) ? 1 : 0;
            }
            catch (OnvifException)
            {
            }
            Attempt(() => SoapTransport.Interpret(500, "Error", input, MaxResponseBytes));
            return parsed > 0;
        });

        Assert.That(outcome.Accepted, Is.GreaterThan(Iterations / 100), "the mutations should leave some inputs readable");
    }

    [Test]
    public async Task Discovery_parser_survives_mutated_datagrams()
    {
        List<byte[]> seeds = Samples.All(name => DiscoveryNames.Contains(name)).ToList();

        FuzzOutcome outcome = await RunAsync(seeds, 20250102, input =>
        {
            try
            {
                DiscoveryMessage message = WsDiscoveryParser.Parse(input);
                // Touch what callers use, so lazy evaluation cannot hide a throw.
                foreach (DiscoveredDevice device in message.Devices)
                    _ = (device.IsNetworkVideoTransmitter, device.Scopes.Name, MessageIds.Normalize(device.EndpointReference));
                return true;
            }
            catch (OnvifException)
            {
                return false;
            }
        });

        Assert.That(outcome.Accepted, Is.GreaterThan(Iterations / 100));
    }

    [Test]
    public void Authentication_header_parser_never_throws_on_mutated_challenges()
    {
        var rng = new Random(20250103);
        string[] seeds =
        [
            "realm=\"IP Camera\", qop=\"auth,auth-int\", algorithm=SHA-256, nonce=\"abc\", opaque=\"o\\\"x\", stale=TRUE",
            "nonce=abc, realm=r, algorithm=MD5-sess, qop=auth, userhash=false",
        ];
        const string alphabet = "=\",\\ aq\t=\"";
        for (int i = 0; i < Iterations; i++)
        {
            var text = new System.Text.StringBuilder(seeds[rng.Next(seeds.Length)]);
            for (int m = rng.Next(1, 6); m > 0 && text.Length > 0; m--)
            {
                int at = rng.Next(text.Length);
                if (rng.Next(2) == 0)
                    text.Remove(at, Math.Min(rng.Next(1, 5), text.Length - at));
                else
                    text.Insert(at, alphabet[rng.Next(alphabet.Length)]);
            }
            DigestChallenge.SelectBest([("Digest", text.ToString()), ("Basic", null)], out _);
        }
    }

    private static async Task<FuzzOutcome> RunAsync(List<byte[]> seeds, int seed, Func<byte[], bool> feed)
    {
        Assert.That(seeds, Has.Count.GreaterThanOrEqualTo(12));
        Task<FuzzOutcome> run = Task.Run(() =>
        {
            var mutator = new XmlMutator(new Random(seed), seeds);
            int accepted = 0;
            for (int i = 0; i < Iterations; i++)
            {
                byte[] input = mutator.Next();
                try
                {
                    accepted += feed(input) ? 1 : 0;
                }
                catch (Exception e)
                {
                    Assert.Fail($"input {i} let {e.GetType().Name} escape: {e.Message}\n{Preview(input)}");
                }
            }
            return new FuzzOutcome(accepted);
        });
        FuzzOutcome outcome = await run.WaitAsync(Deadline);
        TestContext.Out.WriteLine($"{Iterations} inputs, {outcome.Accepted} accepted by at least one parser");
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Assert.That(GC.GetTotalMemory(forceFullCollection: true), Is.LessThan(MemoryBoundBytes));
        return outcome;
    }

    /// <summary>True if the parser accepted; an OnvifException is an accepted way to refuse; others escape.</summary>
    private static bool Attempt(Func<object> parse)
    {
        try
        {
            parse();
            return true;
        }
        catch (OnvifException)
        {
            return false;
        }
    }

    private static string Preview(byte[] input) =>
        Convert.ToBase64String(input, 0, Math.Min(input.Length, 2000));

    private sealed record FuzzOutcome(int Accepted);
}
