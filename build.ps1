#!/usr/bin/env pwsh
# Cake build wrapper. Examples:
#   ./build.ps1                          # Build (Release)
#   ./build.ps1 test                     # same as --target=Test
#   ./build.ps1 --target=Publish --configuration=Release
$ErrorActionPreference = 'Stop'
Set-Location -LiteralPath $PSScriptRoot

$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
$env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = '1'

$targets = @('Clean', 'Restore', 'Build', 'Test', 'Bench', 'Publish', 'Msi', 'Demo', 'Ci', 'Default')
$cakeArgs = @($args)
if ($cakeArgs.Count -gt 0 -and -not ([string]$cakeArgs[0]).StartsWith('-')) {
    $t = $targets | Where-Object { $_ -ieq [string]$cakeArgs[0] } | Select-Object -First 1
    if (-not $t) {
        Write-Error "Unknown target '$($cakeArgs[0])' ($($targets -join ', '))"
        exit 2
    }
    $rest = if ($cakeArgs.Count -gt 1) { $cakeArgs[1..($cakeArgs.Count - 1)] } else { @() }
    $cakeArgs = @("--target=$t") + $rest
}

dotnet tool restore | Out-Null
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
dotnet cake build.cake @cakeArgs
exit $LASTEXITCODE
