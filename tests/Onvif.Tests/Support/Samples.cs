using System.Text;

namespace VmsServices.Onvif.Tests.Support;

/// <summary>The recorded sample responses under Samples/&lt;vendor&gt;/.</summary>
internal static class Samples
{
    public const string Hikvision = "HikvisionLike";
    public const string Axis = "AxisLike";
    public const string Dahua = "DahuaLike";
    public const string DigestOnly = "DigestOnly";

    public static readonly string[] Vendors = [Hikvision, Axis, Dahua, DigestOnly];

    public static string PathOf(string vendor, string name) =>
        Path.Combine(TestContext.CurrentContext.TestDirectory, "Samples", vendor, name + ".xml");

    public static bool Exists(string vendor, string name) => File.Exists(PathOf(vendor, name));

    public static byte[] Bytes(string vendor, string name) => File.ReadAllBytes(PathOf(vendor, name));

    public static string Text(string vendor, string name) => Encoding.UTF8.GetString(Bytes(vendor, name));

    /// <summary>Every sample file of every vendor (the fuzzer's seeds).</summary>
    public static IEnumerable<byte[]> All(Func<string, bool> nameFilter) =>
        Vendors.SelectMany(v => Directory.GetFiles(Path.Combine(TestContext.CurrentContext.TestDirectory, "Samples", v), "*.xml"))
            .Where(p => nameFilter(Path.GetFileNameWithoutExtension(p)))
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(File.ReadAllBytes);
}
