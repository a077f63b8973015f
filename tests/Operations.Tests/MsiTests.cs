using VmsServices.TestSupport;

namespace VmsServices.Operations.Tests;

/// <summary>
/// Builds the MSI the way the cake Msi target does (Installer/build-msi.sh: wixl-heat + wixl) from a
/// small fake publish folder, and reads its tables back with msiinfo.
/// </summary>
public class MsiTests
{
    private const string UpgradeCode = "{5E0B5C1A-7D43-4C56-9A51-0F3B8E2C9D71}";
    private string _scratch = "";

    [SetUp]
    public void SetUp()
    {
        OpsTools.Require("wixl", "wixl");
        OpsTools.Require("wixl-heat", "wixl");
        OpsTools.Require("msiinfo", "msitools");
        _scratch = RepoPaths.NewScratchDirectory("ops-msi");
        // What a self-contained publish looks like, in miniature: the apphost, managed dlls, the
        // settings file (same name in both services) and a nested runtimes folder.
        foreach (var (service, files) in new[]
        {
            ("Management", new[] { "VmsServices.Management.exe", "VmsServices.Management.dll", "VmsServices.Hosting.dll", "appsettings.json", "runtimes/win-x64/native/e_sqlite3.dll" }),
            ("Recording", new[] { "VmsServices.Recording.exe", "VmsServices.Recording.dll", "VmsServices.Hosting.dll", "appsettings.json" }),
        })
        {
            foreach (var file in files)
            {
                var path = Path.Combine(_scratch, "publish", service, file);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, $"{service}/{file}");
            }
        }
    }

    [TearDown]
    public void TearDown()
    {
        try { Directory.Delete(_scratch, true); } catch (IOException) { }
    }

    private async Task<string> BuildAsync(string version)
    {
        var msi = Path.Combine(_scratch, "out", $"VmsServices-{version}-x64.msi");
        var (rc, stdout, stderr) = await OpsTools.RunAsync("bash",
            [Path.Combine(RepoPaths.Root, "Installer", "build-msi.sh"), Path.Combine(_scratch, "publish"), version, msi]);
        Assert.That(rc, Is.EqualTo(0), stdout + stderr);
        Assert.That(File.Exists(msi), Is.True);
        return msi;
    }

    /// <summary>The rows of one table (msiinfo export: 3 header lines, then tab-separated rows).</summary>
    private static async Task<List<string[]>> TableAsync(string msi, string table)
    {
        var (rc, stdout, stderr) = await OpsTools.RunAsync("msiinfo", ["export", msi, table]);
        Assert.That(rc, Is.EqualTo(0), stderr);
        return stdout.Split("\r\n").SelectMany(l => l.Split('\n')).Skip(3).Where(l => l.Length > 0).Select(l => l.Split('\t')).ToList();
    }

    [Test]
    public async Task Installs_both_services_starting_automatically_with_the_service_switch()
    {
        var msi = await BuildAsync("1.0.0");
        var services = (await TableAsync(msi, "ServiceInstall")).ToDictionary(r => r[1]);
        Assert.That(services.Keys, Is.EquivalentTo(new[] { "VmsManagement", "VmsRecording" }));
        foreach (var row in services.Values)
        {
            Assert.That(row[3], Is.EqualTo("16"), "SERVICE_WIN32_OWN_PROCESS");
            Assert.That(row[4], Is.EqualTo("2"), "SERVICE_AUTO_START");
            Assert.That(row[10], Is.EqualTo("--service"), "the switch that selects the Windows service lifetime");
        }

        var controls = (await TableAsync(msi, "ServiceControl")).ToDictionary(r => r[1]);
        Assert.That(controls.Keys, Is.EquivalentTo(new[] { "VmsManagement", "VmsRecording" }));
        // msidbServiceControlEvent: StartInstall 1 + StopInstall 2 + StopUninstall 0x20 + DeleteUninstall 0x80.
        Assert.That(controls.Values.Select(r => r[2]), Is.All.EqualTo("163"));
        Assert.That(controls.Values.Select(r => r[4]), Is.All.EqualTo("1"), "wait for the service");
        // Each ServiceInstall lives in the component whose key path is that service's executable.
        var components = (await TableAsync(msi, "Component")).ToDictionary(r => r[0]);
        var files = await TableAsync(msi, "File");
        Assert.That(components[services["VmsManagement"][11]][5], Is.EqualTo(files.Single(f => f[2] == "VmsServices.Management.exe")[0]));
        Assert.That(components[services["VmsRecording"][11]][5], Is.EqualTo(files.Single(f => f[2] == "VmsServices.Recording.exe")[0]));
        Assert.That(components.Values.Select(c => c[3]), Is.All.EqualTo("256"), "64-bit components");
    }

    [Test]
    public async Task Every_published_file_is_in_the_package_in_its_folder()
    {
        var msi = await BuildAsync("1.0.0");
        var files = await TableAsync(msi, "File");
        Assert.That(files.Select(f => f[2]).Order(), Is.EqualTo(new[]
        {
            "VmsServices.Hosting.dll", "VmsServices.Hosting.dll", "VmsServices.Management.dll", "VmsServices.Management.exe",
            "VmsServices.Recording.dll", "VmsServices.Recording.exe", "appsettings.json", "appsettings.json", "e_sqlite3.dll",
        }.Order()));
        Assert.That(files.Select(f => f[0]).Distinct().Count(), Is.EqualTo(files.Count), "unique file ids");
        var directories = (await TableAsync(msi, "Directory")).ToDictionary(r => r[0], r => (Parent: r[1], Name: r[2]));
        var components = (await TableAsync(msi, "Component")).ToDictionary(r => r[0], r => r[2]);
        string PathOf(string[] file)
        {
            var parts = new List<string>();
            for (var d = components[file[1]]; d != "INSTALLDIR"; d = directories[d].Parent) parts.Insert(0, directories[d].Name);
            return string.Join('/', parts) + "/" + file[2];
        }
        Assert.That(files.Select(PathOf), Is.SupersetOf(new[]
        {
            "Management/VmsServices.Management.exe", "Management/appsettings.json", "Management/runtimes/win-x64/native/e_sqlite3.dll",
            "Recording/VmsServices.Recording.exe", "Recording/appsettings.json",
        }));
        Assert.That(directories["INSTALLDIR"], Is.EqualTo(("ProgramFiles64Folder", "VmsServices")));
    }

    [Test]
    public async Task Major_upgrade_with_a_fixed_upgrade_code_and_a_data_folder_it_never_fills()
    {
        var v1 = await BuildAsync("1.0.0");
        var v2 = await BuildAsync("1.1.0");
        var p1 = (await TableAsync(v1, "Property")).ToDictionary(r => r[0], r => r[1]);
        var p2 = (await TableAsync(v2, "Property")).ToDictionary(r => r[0], r => r[1]);
        Assert.That((p1["UpgradeCode"], p2["UpgradeCode"]), Is.EqualTo((UpgradeCode, UpgradeCode)));
        Assert.That(p1["ProductCode"], Is.Not.EqualTo(p2["ProductCode"]), "a major upgrade is a new product");
        Assert.That(p2["ProductVersion"], Is.EqualTo("1.1.0"));
        Assert.That(p1["ALLUSERS"], Is.EqualTo("1"), "per machine");

        var upgrade = await TableAsync(v2, "Upgrade");
        Assert.That(upgrade.Select(r => r[0]), Is.All.EqualTo(UpgradeCode));
        Assert.That(upgrade.Select(r => r[6]), Is.EquivalentTo(new[] { "WIX_UPGRADE_DETECTED", "WIX_DOWNGRADE_DETECTED" }));

        // ProgramData\VmsServices is created but no file is installed into it: Windows Installer
        // removes only what it installed, so recordings and site settings survive uninstall.
        var directories = (await TableAsync(v2, "Directory")).ToDictionary(r => r[0], r => (Parent: r[1], Name: r[2]));
        Assert.That(directories["DATADIR"], Is.EqualTo(("CommonAppDataFolder", "VmsServices")));
        Assert.That((await TableAsync(v2, "CreateFolder")).Select(r => r[0]), Does.Contain("DATADIR"));
        var components = (await TableAsync(v2, "Component")).ToDictionary(r => r[0], r => r[2]);
        Assert.That((await TableAsync(v2, "File")).Select(f => components[f[1]]), Has.None.EqualTo("DATADIR"));
        Assert.That(await TableAsync(v2, "RemoveFile"), Is.Empty.Or.All.Matches<string[]>(r => r[2] != "DATADIR"));
    }
}
