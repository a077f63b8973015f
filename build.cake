// VmsServices build script (Cake 7, local tool: see .config/dotnet-tools.json).
//
//   ./build.sh                       # Build (Release)
//   ./build.sh --target=Test         # or: ./build.sh test
//   ./build.sh --target=Publish      # self-contained linux-x64 + win-x64 into artifacts/publish/<rid>/<service>,
//                                    # plus artifacts/vms-linux-x64.tar.gz (opt/vms + systemd units)
//   ./build.sh --target=Msi          # Windows installer via wixl into artifacts/ (needs `apt-get install wixl msitools`)
//   ./build.sh --target=Demo | Bench | Clean | Restore | Ci
//
// Arguments:
//   --configuration=Release|Debug    (default Release)
//   --solution=PATH                  (default VmsServices.sln, or VmsServices.slnx when only that exists)
//   --test-filter=EXPR               passed to `dotnet test --filter`
//   --bench-args="..."               passed to the benchmark program after `--`
//   --demo-args="..."                passed to the demo program after `--`
//   --msi-version=1.0.0              -D Version=... for wixl (Installer/build-msi.sh, from artifacts/publish/win-x64)
//   --rid=linux-x64                  Publish only these runtimes (comma-separated; default linux-x64,win-x64)
//
// Test starts a throwaway RabbitMQ + PostgreSQL (tools/test-servers.sh, Linux) unless VMS_TEST_RABBITMQ is
// already set, exports VMS_TEST_RABBITMQ / VMS_TEST_POSTGRES to the test run and always stops them afterwards.

using System.Text.RegularExpressions;

var target = Argument("target", "Build");
var configuration = Argument("configuration", "Release");
var testFilter = Argument("test-filter", "");
var benchArgs = Argument("bench-args", "");
var demoArgs = Argument("demo-args", "");
var msiVersion = Argument("msi-version", "1.0.0");

var solution = Argument("solution", "");
if (string.IsNullOrEmpty(solution))
{
    solution = !FileExists("VmsServices.sln") && FileExists("VmsServices.slnx") ? "VmsServices.slnx" : "VmsServices.sln";
}

var artifacts = MakeAbsolute(Directory("artifacts"));
var testResults = artifacts.Combine("test-results");
var testServersDir = artifacts.Combine("test-servers");
var publishRoot = artifacts.Combine("publish");
var testServersScript = MakeAbsolute(File("tools/test-servers.sh"));

var services = new[]
{
    (Name: "Management", Project: "Management.Service/VmsServices.Management.csproj"),
    (Name: "Recording", Project: "Recording.Service/VmsServices.Recording.csproj"),
};
var rid = Argument("rid", "");
var runtimes = string.IsNullOrEmpty(rid) ? new[] { "linux-x64", "win-x64" } : rid.Split(',', StringSplitOptions.RemoveEmptyEntries);

void RequireSolution()
{
    if (!FileExists(solution))
        throw new CakeException($"Solution/project '{solution}' not found (use --solution=PATH).");
}

// Runs `bash tools/test-servers.sh <verb> <dir>`; returns the exit code.
int TestServers(string verb)
{
    return StartProcess("bash", new ProcessSettings
    {
        Arguments = new ProcessArgumentBuilder()
            .AppendQuoted(testServersScript.FullPath)
            .Append(verb)
            .AppendQuoted(testServersDir.FullPath),
    });
}

// Reads `export NAME=VALUE` / `export NAME="VALUE"` lines of an env.sh.
Dictionary<string, string> ReadEnvFile(FilePath path)
{
    var result = new Dictionary<string, string>();
    var re = new Regex(@"^\s*export\s+([A-Za-z_][A-Za-z0-9_]*)=(.*)$");
    foreach (var line in System.IO.File.ReadAllLines(path.FullPath))
    {
        var m = re.Match(line);
        if (!m.Success) continue;
        var value = m.Groups[2].Value.Trim();
        if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0])
            value = value.Substring(1, value.Length - 2);
        result[m.Groups[1].Value] = value;
    }
    return result;
}

Task("Clean")
    .Does(() =>
{
    if (DirectoryExists(testServersDir) && FileExists(testServersScript) && !IsRunningOnWindows())
        TestServers("stop");
    if (DirectoryExists(artifacts))
        DeleteDirectory(artifacts, new DeleteDirectorySettings { Recursive = true, Force = true });
    if (FileExists(solution))
        DotNetClean(solution, new DotNetCleanSettings { Configuration = configuration });
    else
        Information($"{solution} not found; only artifacts/ was removed.");
});

Task("Restore")
    .Does(() =>
{
    RequireSolution();
    DotNetRestore(solution);
});

Task("Build")
    .IsDependentOn("Restore")
    .Does(() =>
{
    DotNetBuild(solution, new DotNetBuildSettings
    {
        Configuration = configuration,
        NoRestore = true,
    });
});

Task("Test")
    .IsDependentOn("Build")
    .Does(() =>
{
    var env = new Dictionary<string, string>();
    var startedServers = false;
    try
    {
        if (!string.IsNullOrEmpty(EnvironmentVariable("VMS_TEST_RABBITMQ")))
        {
            Information("VMS_TEST_RABBITMQ is set; using the servers it points to.");
        }
        else if (IsRunningOnWindows())
        {
            Warning("No VMS_TEST_RABBITMQ / VMS_TEST_POSTGRES set and tools/test-servers.sh needs Linux; " +
                    "tests that need real servers will be skipped.");
        }
        else
        {
            startedServers = true; // stop even when start fails halfway
            var rc = TestServers("start");
            if (rc != 0)
                throw new CakeException($"tools/test-servers.sh start failed (exit {rc}).");
            env = ReadEnvFile(testServersDir.CombineWithFilePath("env.sh"));
            foreach (var kv in env)
            {
                System.Environment.SetEnvironmentVariable(kv.Key, kv.Value);
                Information($"{kv.Key}={kv.Value}");
            }
        }

        CleanDirectory(testResults); // tools/failed-tests.py reads what this run wrote, nothing older
        var settings = new DotNetTestSettings
        {
            Configuration = configuration,
            NoBuild = true,
            NoRestore = true,
            ResultsDirectory = testResults,
            Loggers = new[] { "console;verbosity=normal", "trx" },
            EnvironmentVariables = env,
        };
        if (!string.IsNullOrEmpty(testFilter))
            settings.Filter = testFilter;
        DotNetTest(solution, settings);
    }
    finally
    {
        if (startedServers)
        {
            var rc = TestServers("stop");
            if (rc != 0)
                Warning($"tools/test-servers.sh stop exited with {rc}.");
        }
    }
});

Task("Bench")
    .Does(() =>
{
    // Benchmarks are always Release builds.
    var args = new ProcessArgumentBuilder();
    if (!string.IsNullOrEmpty(benchArgs)) args.Append(benchArgs);
    DotNetRun("bench/VmsServices.Bench/VmsServices.Bench.csproj", args, new DotNetRunSettings
    {
        Configuration = "Release",
    });
});

Task("Demo")
    .Does(() =>
{
    var args = new ProcessArgumentBuilder();
    if (!string.IsNullOrEmpty(demoArgs)) args.Append(demoArgs);
    DotNetRun("tools/Demo/VmsServices.Demo.csproj", args, new DotNetRunSettings
    {
        Configuration = configuration,
    });
});

void PublishServices(string rid)
{
    foreach (var service in services)
    {
        var output = publishRoot.Combine(rid).Combine(service.Name);
        CleanDirectory(output);
        DotNetPublish(service.Project, new DotNetPublishSettings
        {
            Configuration = configuration,
            Runtime = rid,
            SelfContained = true,
            OutputDirectory = output,
        });
    }
}

// The Linux tarball: opt/vms/{management,recording} (self-contained linux-x64), the systemd units
// (etc/systemd/system) and the operator README (opt/vms/README.md), unpacked with `tar -C / -xzf`.
void PackLinuxTarball()
{
    var stage = artifacts.Combine("obj/tarball");
    CleanDirectory(stage);
    foreach (var service in services)
        CopyDirectory(publishRoot.Combine("linux-x64").Combine(service.Name), stage.Combine("opt/vms").Combine(service.Name.ToLowerInvariant()));
    CopyDirectory(Directory("deploy/systemd"), stage.Combine("etc/systemd/system"));
    CopyFile("deploy/README.md", stage.Combine("opt/vms").CombineWithFilePath("README.md"));
    var tarball = artifacts.CombineWithFilePath("vms-linux-x64.tar.gz");
    // --owner/--group: files unpack as root; the services run as the vms user (see the README).
    var rc = StartProcess("tar", new ProcessSettings
    {
        Arguments = new ProcessArgumentBuilder()
            .Append("--owner=0").Append("--group=0").Append("-czf").AppendQuoted(tarball.FullPath)
            .Append("-C").AppendQuoted(stage.FullPath).Append("opt").Append("etc"),
    });
    if (rc != 0)
        throw new CakeException($"tar failed (exit {rc}).");
    Information($"Tarball: {tarball}");
}

Task("Publish")
    .Does(() =>
{
    foreach (var rid in runtimes)
        PublishServices(rid);
    if (runtimes.Contains("linux-x64") && !IsRunningOnWindows())
        PackLinuxTarball();
});

Task("Msi")
    .Does(() =>
{
    if (IsRunningOnWindows())
        throw new CakeException("The MSI is built with wixl (msitools) on Linux: run ./build.sh --target=Msi there.");
    if (Context.Tools.Resolve("wixl") == null || Context.Tools.Resolve("wixl-heat") == null)
        throw new CakeException("wixl/wixl-heat not found on PATH. Install them (Debian/Ubuntu: `apt-get install wixl msitools`) and retry.");
    PublishServices("win-x64");
    EnsureDirectoryExists(artifacts);
    var msi = artifacts.CombineWithFilePath($"VmsServices-{msiVersion}-x64.msi");
    // Installer/build-msi.sh generates the file components with wixl-heat, then runs
    // `wixl -a x64 -D PublishDir=... -D Version=...` (the tests build a small MSI through it too).
    var rc = StartProcess("bash", new ProcessSettings
    {
        Arguments = new ProcessArgumentBuilder()
            .AppendQuoted(MakeAbsolute(File("Installer/build-msi.sh")).FullPath)
            .AppendQuoted(publishRoot.Combine("win-x64").FullPath)
            .AppendQuoted(msiVersion)
            .AppendQuoted(msi.FullPath),
    });
    if (rc != 0)
        throw new CakeException($"Installer/build-msi.sh failed (exit {rc}).");
    Information($"MSI: {msi}");
});

Task("Ci")
    .IsDependentOn("Build")
    .IsDependentOn("Test");

Task("Default")
    .IsDependentOn("Build");

RunTarget(target);
