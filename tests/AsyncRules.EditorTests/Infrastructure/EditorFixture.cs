using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using AsyncRules.EditorTests.Lsp;
using Xunit;

namespace AsyncRules.EditorTests.Infrastructure
{
    /// <summary>
    /// One csharp-ls for the whole suite (starting it and loading the solution is most of the cost), on a generated
    /// workspace, warmed up until the AsyncRules analyzers have reported through it once.
    /// </summary>
    public sealed class EditorFixture : IAsyncLifetime
    {
        /// <summary>Generous: the machine has 2 cores, and CI runs other test projects at the same time.</summary>
        public static readonly TimeSpan PullTimeout = TimeSpan.FromSeconds(90);

        /// <summary>How long the server may take to load the solution and run the analyzers the first time.</summary>
        public static readonly TimeSpan LoadTimeout = TimeSpan.FromMinutes(5);

        private EditorWorkspace? workspace;
        private LanguageServer? server;

        public EditorWorkspace Workspace => workspace ?? throw new InvalidOperationException("The fixture did not start.");

        /// <summary>The same analyzers, run in this process on the same texts: see <see cref="InProcessAnalysis"/>.</summary>
        public InProcessAnalysis AsyncRules { get; } = InProcessAnalysis.AsyncRules();

        public LanguageServer Server => server ?? throw new InvalidOperationException("The fixture did not start.");

        public async Task InitializeAsync()
        {
            workspace = await EditorWorkspace.CreateAsync();
            server = await LanguageServer.StartAsync(EditorWorkspace.RepositoryRoot, workspace.Root);

            // The server answers pulls with an empty report until its solution has loaded: poll a file whose diagnostic is
            // known until it shows, with a bound.
            var probe = Path.Combine(workspace.BrokenDirectory, "ASYNC030_CountAsyncWithThreadSleep.cs");
            await server.OpenAsync(probe, File.ReadAllText(probe));
            await WaitForAsync(probe, d => d.Any(x => x.Code == "ASYNC030"), LoadTimeout, "the solution to load and ASYNC030 to show in ASYNC030_CountAsyncWithThreadSleep.cs");
            await server.CloseAsync(probe);
        }

        /// <summary>Pulls until <paramref name="done"/> holds or <paramref name="timeout"/> passes; fails with what the server said.</summary>
        public async Task<IReadOnlyList<LspDiagnostic>> WaitForAsync(string path, Func<IReadOnlyList<LspDiagnostic>, bool> done, TimeSpan timeout, string what)
        {
            var clock = Stopwatch.StartNew();
            IReadOnlyList<LspDiagnostic> last = Array.Empty<LspDiagnostic>();
            while (true)
            {
                last = await Server.PullDiagnosticsAsync(path, PullTimeout);
                AssertNoAnalyzerFailure(last, $"while waiting for {what}");
                if (done(last))
                {
                    return last;
                }

                if (clock.Elapsed > timeout || Server.HasExited)
                {
                    throw new TimeoutException(
                        $"Waited {clock.Elapsed.TotalSeconds:0} s for {what}; the last pull gave [{string.Join(", ", last)}].{Environment.NewLine}" +
                        $"Server messages:{Environment.NewLine}{Server.Tail()}");
                }

                await Task.Delay(TimeSpan.FromMilliseconds(500));
            }
        }

        /// <summary>
        /// An analyzer that throws shows as AD0001 ("Analyzer '...' threw an exception") in the diagnostics, or in the server's
        /// log. Either one fails the test, with the text.
        /// </summary>
        public void AssertNoAnalyzerFailure(IEnumerable<LspDiagnostic> diagnostics, string when)
        {
            var failures = diagnostics.Where(d => d.Code == "AD0001" || d.Message.Contains("threw an exception", StringComparison.Ordinal)).Select(d => d.ToString())
                .Concat(Server.Messages.Where(IsAnalyzerFailure))
                .ToList();
            Assert.True(failures.Count == 0, $"An analyzer failed {when}:{Environment.NewLine}{string.Join(Environment.NewLine, failures)}");
        }

        /// <summary>
        /// After the server has answered for <paramref name="text"/>: no analyzer threw, neither as the server reports it
        /// nor when the same text runs through the same analyzers in this process.
        /// </summary>
        public async Task AssertNothingThrowsAsync(string projectDirectory, string path, string text, IEnumerable<LspDiagnostic> diagnostics, string when)
        {
            AssertNoAnalyzerFailure(diagnostics, when);
            var failures = await AsyncRules.FailuresAsync(projectDirectory, path, text);
            Assert.True(failures.Count == 0, $"An AsyncRules analyzer threw {when}:{Environment.NewLine}{string.Join(Environment.NewLine, failures)}{Environment.NewLine}The text was:{Environment.NewLine}{text}");
        }

        public static bool IsAnalyzerFailure(string message)
            => message.Contains("AD0001", StringComparison.Ordinal)
               || (message.Contains("AsyncRules", StringComparison.Ordinal) && message.Contains("xception", StringComparison.Ordinal))
               || message.Contains("threw an exception", StringComparison.Ordinal);

        public async Task DisposeAsync()
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }

            workspace?.Dispose();
        }
    }

    [CollectionDefinition(Name)]
    public sealed class EditorCollection : ICollectionFixture<EditorFixture>
    {
        public const string Name = "csharp-ls";
    }
}
