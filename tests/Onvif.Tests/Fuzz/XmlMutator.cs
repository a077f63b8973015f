using System.Text;

namespace VmsServices.Onvif.Tests.Fuzz;

/// <summary>
/// Makes malformed variants of well-formed seed documents, deterministically from a seeded
/// Random: bit flips, truncation, duplicated and removed tags, huge attributes, deep nesting,
/// invalid UTF-8, DTD and entity tricks, swapped namespaces, splices of two seeds.
/// </summary>
internal sealed class XmlMutator(Random rng, IReadOnlyList<byte[]> seeds)
{
    private static readonly string[] Doctypes =
    [
        "<!DOCTYPE e [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>",
        "<!DOCTYPE e [<!ENTITY x SYSTEM \"http://127.0.0.1:9/x\">]>",
        "<!DOCTYPE e [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>",
        "<!DOCTYPE e [<!ENTITY % p SYSTEM \"http://127.0.0.1:9/p.dtd\"> %p;]>",
        "<!DOCTYPE e SYSTEM \"http://127.0.0.1:9/e.dtd\">",
    ];

    private static readonly string[] Entities = ["&x;", "&undefined;", "&#0;", "&#xD800;", "&#x110000;", "&lt;&amp;&gt;", "&#65;", "&", "&#;", "]]>", "<![CDATA[x]]>", "<?pi x?>", "<!-- c -->"];

    private static readonly (string From, string To)[] NamespaceSwaps =
    [
        ("http://www.w3.org/2003/05/soap-envelope", "http://schemas.xmlsoap.org/soap/envelope/"),
        ("http://schemas.xmlsoap.org/soap/envelope/", "http://www.w3.org/2003/05/soap-envelope"),
        ("http://www.onvif.org/ver10/media/wsdl", "http://www.onvif.org/ver20/media/wsdl"),
        ("http://www.onvif.org/ver10/schema", "urn:other"),
        ("http://schemas.xmlsoap.org/ws/2005/04/discovery", "http://docs.oasis-open.org/ws-dd/ns/discovery/2009/01"),
        ("xmlns:", "xmlns:x"),
        ("GetProfilesResponse", "GetStreamUriResponse"),
        ("Fault", "Body"),
    ];

    private static readonly string[] OddValues =
    [
        "", " ", "-1", "0", "99999999999999999999", "NaN", "1e308", "-0", "x:y:z", ":", "dn:", ":Sender", "urn:uuid:",
        "onvif://www.onvif.org/name/%", "onvif://www.onvif.org/name/%ZZ%C3", "http://", "rtsp://[::1", "true", "2024-13-45",
        "\t\n", "ter:NotAuthorized", "s:Sender", new string('9', 400),
    ];

    private static readonly byte[][] BadUtf8 = [[0xC3, 0x28], [0xFF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0x00], [0xEF, 0xBB, 0xBF]];

    public byte[] Next()
    {
        List<byte> data = [.. seeds[rng.Next(seeds.Count)]];
        // Mostly one mutation, so that many inputs stay well-formed and reach the field readers.
        int mutations = rng.Next(3) == 0 ? rng.Next(2, 5) : 1;
        for (int i = 0; i < mutations; i++)
            Mutate(data);
        return [.. data];
    }

    private void Mutate(List<byte> data)
    {
        if (data.Count == 0)
        {
            data.AddRange(seeds[rng.Next(seeds.Count)]);
            return;
        }
        int at = rng.Next(data.Count);
        switch (rng.Next(16))
        {
            case 0:
                data[at] ^= (byte)(1 << rng.Next(8));
                break;
            case 1:
                data[at] = (byte)rng.Next(256);
                break;
            case 2:
                data.RemoveRange(at, data.Count - at);
                break;
            case 3:
                DuplicateTag(data, at);
                break;
            case 4:
                RemoveTag(data, at);
                break;
            case 5:
                InsertHugeAttribute(data, at);
                break;
            case 6:
                NestDeeply(data, at);
                break;
            case 7:
                data.InsertRange(at, BadUtf8[rng.Next(BadUtf8.Length)]);
                break;
            case 8:
                InsertDoctype(data);
                break;
            case 9:
                data.InsertRange(at, Encoding.UTF8.GetBytes(Entities[rng.Next(Entities.Length)]));
                break;
            case 10:
                SwapNamespace(data);
                break;
            case 11:
                Splice(data, at);
                break;
            case 12:
                data.InsertRange(at, RandomBytes(rng.Next(1, 64)));
                break;
            case 13:
            case 14:
                ReplaceText(data, at);
                break;
            default:
                RepeatChunk(data, at);
                break;
        }
    }

    private (int Start, int End)? TagAround(List<byte> data, int at)
    {
        int start = data.LastIndexOf((byte)'<', at);
        if (start < 0)
            return null;
        int end = data.IndexOf((byte)'>', start);
        return end < 0 ? null : (start, end + 1);
    }

    private void DuplicateTag(List<byte> data, int at)
    {
        if (TagAround(data, at) is not var (start, end))
            return;
        data.InsertRange(rng.Next(data.Count), data.GetRange(start, end - start));
    }

    private void RemoveTag(List<byte> data, int at)
    {
        if (TagAround(data, at) is var (start, end))
            data.RemoveRange(start, end - start);
    }

    private void InsertHugeAttribute(List<byte> data, int at)
    {
        int start = data.IndexOf((byte)'<', at);
        int nameEnd = start < 0 ? -1 : data.IndexOf((byte)' ', start);
        if (nameEnd < 0)
            return;
        // Mostly a few KiB; now and then large enough to cross the response size limit.
        int length = rng.Next(50) == 0 ? rng.Next(100_000, 1_200_000) : rng.Next(1, 8_000);
        data.InsertRange(nameEnd, Encoding.ASCII.GetBytes($" huge{rng.Next(3)}=\"{new string((char)('a' + rng.Next(26)), length)}\""));
    }

    private void NestDeeply(List<byte> data, int at)
    {
        int depth = rng.Next(2) == 0 ? rng.Next(10, 80) : rng.Next(80, 20_000);
        string name = rng.Next(2) == 0 ? "d" : "tt:Uri";
        data.InsertRange(at, Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat($"<{name}>", depth))));
        if (rng.Next(2) == 0)
            data.InsertRange(Math.Min(data.Count, at + depth * (name.Length + 2)), Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat($"</{name}>", depth))));
    }

    private void InsertDoctype(List<byte> data)
    {
        int afterDeclaration = data.Count > 1 && data[0] == '<' && data[1] == '?' ? data.IndexOf((byte)'>') + 1 : 0;
        data.InsertRange(Math.Max(0, afterDeclaration), Encoding.ASCII.GetBytes(Doctypes[rng.Next(Doctypes.Length)]));
        if (rng.Next(2) == 0)
            data.InsertRange(rng.Next(data.Count), Encoding.ASCII.GetBytes(rng.Next(2) == 0 ? "&x;" : "&c;"));
    }

    private void SwapNamespace(List<byte> data)
    {
        (string from, string to) = NamespaceSwaps[rng.Next(NamespaceSwaps.Length)];
        string text = Encoding.UTF8.GetString([.. data]);
        data.Clear();
        data.AddRange(Encoding.UTF8.GetBytes(text.Replace(from, to)));
    }

    private void Splice(List<byte> data, int at)
    {
        byte[] other = seeds[rng.Next(seeds.Count)];
        int from = rng.Next(other.Length);
        data.RemoveRange(at, data.Count - at);
        data.AddRange(other.AsSpan(from).ToArray());
    }

    /// <summary>Replaces the text between one '>' and the next '<' (an element value) with an odd one.</summary>
    private void ReplaceText(List<byte> data, int at)
    {
        int start = data.IndexOf((byte)'>', at);
        int end = start < 0 ? -1 : data.IndexOf((byte)'<', start);
        if (end < 0)
            return;
        data.RemoveRange(start + 1, end - start - 1);
        data.InsertRange(start + 1, Encoding.UTF8.GetBytes(OddValues[rng.Next(OddValues.Length)]));
    }

    private void RepeatChunk(List<byte> data, int at)
    {
        int length = Math.Min(rng.Next(1, 200), data.Count - at);
        List<byte> chunk = data.GetRange(at, length);
        int times = rng.Next(2, 50);
        for (int i = 0; i < times; i++)
            data.InsertRange(at, chunk);
    }

    private byte[] RandomBytes(int count)
    {
        byte[] bytes = new byte[count];
        rng.NextBytes(bytes);
        return bytes;
    }
}
