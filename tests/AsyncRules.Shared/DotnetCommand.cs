using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncRules.Tests.Infrastructure
{
    /// <summary>
    /// Runs the dotnet CLI as a child process (no telemetry, no logo) and hands back what it said. The callers differ only in
    /// what a failure means: the editor tests' workspace restore fails the test with dotnet's output, the LSP client's check
    /// for csharp-ls reads the exit code and tries a restore.
    /// </summary>
    public static class DotnetCommand
    {
        /// <summary>
        /// The exit code with standard output and error. A run longer than <paramref name="timeout"/> is killed (with its
        /// children) and ends in a <see cref="TimeoutException"/>.
        /// </summary>
        public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string workingDirectory, TimeSpan timeout, params string[] arguments)
        {
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";
            using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet.");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var cancellation = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(cancellation.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"`dotnet {string.Join(" ", arguments)}` took longer than {timeout.TotalSeconds:0} s in {workingDirectory}.");
            }

            return (process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
        }
    }
}
