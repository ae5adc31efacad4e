using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AsyncRules.Tests.Infrastructure;
using Newtonsoft.Json.Linq;
using StreamJsonRpc;

namespace AsyncRules.EditorTests.Lsp
{
    /// <summary>
    /// A small LSP client: csharp-ls started as a child process (through the repository's tool manifest), spoken to in
    /// header-delimited JSON-RPC by StreamJsonRpc. It plays an editor that has turned analyzers on
    /// (<c>csharp.analyzersEnabled = true</c>) and pulls diagnostics (<c>textDocument/diagnostic</c>).
    /// Everything the server says in its window/log messages and on stderr is kept in <see cref="Messages"/>.
    /// </summary>
    public sealed class LanguageServer : IAsyncDisposable
    {
        /// <summary>The version pinned in .config/dotnet-tools.json.</summary>
        public const string ToolName = "csharp-ls";

        private readonly Process process;
        private readonly JsonRpc rpc;
        private readonly ConcurrentQueue<string> messages;
        private readonly Dictionary<string, int> versions = new(StringComparer.Ordinal);

        private LanguageServer(Process process, JsonRpc rpc, ConcurrentQueue<string> messages)
        {
            this.process = process;
            this.rpc = rpc;
            this.messages = messages;
        }

        /// <summary>Window messages, log messages and stderr lines from the server, in arrival order.</summary>
        public IReadOnlyList<string> Messages => messages.ToArray();

        public bool HasExited => process.HasExited;

        /// <summary>
        /// Starts csharp-ls on <paramref name="workspaceDirectory"/> (which holds exactly one .sln, or name the one to load in
        /// <paramref name="solution"/>: an absolute path, passed as <c>--solution</c>), with analyzers on.
        /// Fails with a plain message when the tool is not installed.
        /// </summary>
        public static async Task<LanguageServer> StartAsync(string repositoryRoot, string workspaceDirectory, bool analyzersEnabled = true, IDictionary<string, string>? environment = null, string? solution = null)
        {
            await CheckToolIsRestoredAsync(repositoryRoot).ConfigureAwait(false);

            var start = new ProcessStartInfo("dotnet")
            {
                // `dotnet tool run` finds the manifest from its working directory; the workspace is named in initialize.
                WorkingDirectory = repositoryRoot,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[] { "tool", "run", ToolName, "--loglevel", "info", "--locale", "en-US" })
            {
                start.ArgumentList.Add(argument);
            }

            if (solution is not null)
            {
                start.ArgumentList.Add("--solution");
                start.ArgumentList.Add(solution);
            }

            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";
            if (environment is not null)
            {
                foreach (var pair in environment)
                {
                    start.Environment[pair.Key] = pair.Value;
                }
            }

            var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start 'dotnet tool run csharp-ls'.");
            var messages = new ConcurrentQueue<string>();
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                {
                    messages.Enqueue("stderr: " + e.Data);
                }
            };
            process.BeginErrorReadLine();

            var handler = new HeaderDelimitedMessageHandler(process.StandardInput.BaseStream, process.StandardOutput.BaseStream, new JsonMessageFormatter());
            var rpc = new JsonRpc(handler);
            rpc.AddLocalRpcTarget(new EditorSide(messages, analyzersEnabled), new JsonRpcTargetOptions { DisposeOnDisconnect = false });
            rpc.StartListening();

            var server = new LanguageServer(process, rpc, messages);
            try
            {
                await server.InitializeAsync(workspaceDirectory, analyzersEnabled).ConfigureAwait(false);
            }
            catch
            {
                await server.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            return server;
        }

        /// <summary>
        /// csharp-ls answers <c>--version</c>; the build restores it (the project's RestoreLocalTools target), and where its
        /// package has gone since (a cleared NuGet cache) this restores it once more before giving up with a plain message.
        /// </summary>
        public static async Task CheckToolIsRestoredAsync(string repositoryRoot)
        {
            var (exitCode, output) = await RunDotnetAsync(repositoryRoot, "tool", "run", ToolName, "--version").ConfigureAwait(false);
            if (exitCode == 0)
            {
                return;
            }

            var (restoreExitCode, restoreOutput) = await RunDotnetAsync(repositoryRoot, "tool", "restore").ConfigureAwait(false);
            if (restoreExitCode == 0 && (await RunDotnetAsync(repositoryRoot, "tool", "run", ToolName, "--version").ConfigureAwait(false)).ExitCode == 0)
            {
                return;
            }

            throw new InvalidOperationException(
                $"csharp-ls is not available, and `dotnet tool restore` in {repositoryRoot} (the version pinned in .config/dotnet-tools.json) " +
                $"did not make it so. `dotnet tool run csharp-ls --version` said: {output} `dotnet tool restore` said: {restoreOutput}");
        }

        private static async Task<(int ExitCode, string Output)> RunDotnetAsync(string workingDirectory, params string[] arguments)
        {
            var (exitCode, output, error) = await DotnetCommand.RunAsync(workingDirectory, TimeSpan.FromMinutes(2), arguments).ConfigureAwait(false);
            return (exitCode, (error.Trim() + " " + output.Trim()).Trim());
        }

        private async Task InitializeAsync(string workspaceDirectory, bool analyzersEnabled)
        {
            var rootUri = DocumentUri(workspaceDirectory);
            var parameters = new JObject
            {
                ["processId"] = Environment.ProcessId,
                ["clientInfo"] = new JObject { ["name"] = "AsyncRules.EditorTests" },
                ["rootUri"] = rootUri,
                ["rootPath"] = workspaceDirectory,
                ["workspaceFolders"] = new JArray(new JObject { ["uri"] = rootUri, ["name"] = Path.GetFileName(workspaceDirectory) }),
                ["capabilities"] = new JObject
                {
                    ["workspace"] = new JObject
                    {
                        ["configuration"] = true,
                        ["workspaceFolders"] = true,
                        ["didChangeConfiguration"] = new JObject { ["dynamicRegistration"] = false },
                    },
                    ["textDocument"] = new JObject
                    {
                        ["synchronization"] = new JObject { ["dynamicRegistration"] = false, ["didSave"] = false },
                        ["diagnostic"] = new JObject { ["dynamicRegistration"] = false, ["relatedDocumentSupport"] = false },
                        ["publishDiagnostics"] = new JObject(),
                    },
                    ["window"] = new JObject { ["workDoneProgress"] = false },
                },
            };
            await RequestAsync("initialize", parameters, TimeSpan.FromMinutes(2)).ConfigureAwait(false);
            await rpc.NotifyWithParameterObjectAsync("initialized", new JObject()).ConfigureAwait(false);
            // Both ways an editor hands the setting over: answered above when the server asks (workspace/configuration),
            // and pushed here.
            await rpc.NotifyWithParameterObjectAsync(
                "workspace/didChangeConfiguration",
                new JObject { ["settings"] = new JObject { ["csharp"] = new JObject { ["analyzersEnabled"] = analyzersEnabled } } }).ConfigureAwait(false);
        }

        public static string DocumentUri(string path) => new Uri(Path.GetFullPath(path)).AbsoluteUri;

        public Task OpenAsync(string path, string text)
        {
            var uri = DocumentUri(path);
            versions[uri] = 1;
            return rpc.NotifyWithParameterObjectAsync("textDocument/didOpen", new JObject
            {
                ["textDocument"] = new JObject { ["uri"] = uri, ["languageId"] = "csharp", ["version"] = 1, ["text"] = text },
            });
        }

        public Task CloseAsync(string path)
        {
            var uri = DocumentUri(path);
            versions.Remove(uri);
            return rpc.NotifyWithParameterObjectAsync("textDocument/didClose", new JObject { ["textDocument"] = new JObject { ["uri"] = uri } });
        }

        /// <summary>An incremental change: <paramref name="newText"/> replaces the range (zero-based lines and UTF-16 columns).</summary>
        public Task ChangeAsync(string path, int startLine, int startCharacter, int endLine, int endCharacter, string newText)
        {
            var range = new JObject
            {
                ["start"] = new JObject { ["line"] = startLine, ["character"] = startCharacter },
                ["end"] = new JObject { ["line"] = endLine, ["character"] = endCharacter },
            };
            return ChangeAsync(path, new JObject { ["range"] = range, ["text"] = newText });
        }

        /// <summary>A full-text change: the document's whole content becomes <paramref name="text"/>.</summary>
        public Task ReplaceAllAsync(string path, string text) => ChangeAsync(path, new JObject { ["text"] = text });

        private Task ChangeAsync(string path, JObject change)
        {
            var uri = DocumentUri(path);
            var version = versions.TryGetValue(uri, out var v) ? v + 1 : 1;
            versions[uri] = version;
            return rpc.NotifyWithParameterObjectAsync("textDocument/didChange", new JObject
            {
                ["textDocument"] = new JObject { ["uri"] = uri, ["version"] = version },
                ["contentChanges"] = new JArray(change),
            });
        }

        /// <summary>Pulls the document's diagnostics (<c>textDocument/diagnostic</c>) and returns them.</summary>
        public async Task<IReadOnlyList<LspDiagnostic>> PullDiagnosticsAsync(string path, TimeSpan timeout)
        {
            var result = await RequestAsync("textDocument/diagnostic", new JObject
            {
                ["textDocument"] = new JObject { ["uri"] = DocumentUri(path) },
            }, timeout).ConfigureAwait(false);
            if (result is not JObject report || (string?)report["kind"] != "full" || report["items"] is not JArray items)
            {
                throw new InvalidOperationException($"textDocument/diagnostic for {Path.GetFileName(path)} returned no full report: {result}");
            }

            return items.OfType<JObject>().Select(LspDiagnostic.From).ToList();
        }

        public async Task<JToken?> RequestAsync(string method, JObject parameters, TimeSpan timeout)
        {
            using var cancellation = new CancellationTokenSource(timeout);
            try
            {
                return await rpc.InvokeWithParameterObjectAsync<JToken?>(method, parameters, cancellation.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                throw new TimeoutException($"csharp-ls did not answer {method} within {timeout.TotalSeconds:0} s{(process.HasExited ? $" (it exited with code {process.ExitCode})" : string.Empty)}. Last messages:{Environment.NewLine}{Tail()}");
            }
            catch (ConnectionLostException)
            {
                throw new InvalidOperationException($"csharp-ls closed the connection during {method}{(process.HasExited ? $" (exit code {process.ExitCode})" : string.Empty)}. Last messages:{Environment.NewLine}{Tail()}");
            }
        }

        /// <summary>The server's last messages, for failure reports.</summary>
        public string Tail(int count = 30) => string.Join(Environment.NewLine, Messages.TakeLast(count));

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (!process.HasExited && !rpc.IsDisposed)
                {
                    using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                    await rpc.InvokeWithCancellationAsync<JToken?>("shutdown", null, cancellation.Token).ConfigureAwait(false);
                    await rpc.NotifyAsync("exit").ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or ConnectionLostException or RemoteInvocationException or ObjectDisposedException or IOException)
            {
                // The server is stopped below either way.
            }

            using (var exited = new CancellationTokenSource(TimeSpan.FromSeconds(15)))
            {
                try
                {
                    await process.WaitForExitAsync(exited.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Only this server's own process tree (started above) is ended.
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync().ConfigureAwait(false);
                }
            }

            rpc.Dispose();
            process.Dispose();
        }

        /// <summary>What the editor answers when the server calls it.</summary>
        public sealed class EditorSide
        {
            private readonly ConcurrentQueue<string> messages;
            private readonly bool analyzersEnabled;

            public EditorSide(ConcurrentQueue<string> messages, bool analyzersEnabled)
            {
                this.messages = messages;
                this.analyzersEnabled = analyzersEnabled;
            }

            [JsonRpcMethod("workspace/configuration", UseSingleObjectParameterDeserialization = true)]
            public JArray Configuration(JObject parameters)
            {
                var answers = new JArray();
                foreach (var item in parameters["items"] as JArray ?? new JArray())
                {
                    answers.Add((string?)item["section"] == "csharp" ? new JObject { ["analyzersEnabled"] = analyzersEnabled } : JValue.CreateNull());
                }

                return answers;
            }

            [JsonRpcMethod("window/logMessage", UseSingleObjectParameterDeserialization = true)]
            public void LogMessage(JObject parameters) => messages.Enqueue("log: " + (string?)parameters["message"]);

            [JsonRpcMethod("window/showMessage", UseSingleObjectParameterDeserialization = true)]
            public void ShowMessage(JObject parameters) => messages.Enqueue("window: " + (string?)parameters["message"]);

            [JsonRpcMethod("window/showMessageRequest", UseSingleObjectParameterDeserialization = true)]
            public JToken? ShowMessageRequest(JObject parameters)
            {
                messages.Enqueue("window: " + (string?)parameters["message"]);
                return JValue.CreateNull();
            }

            [JsonRpcMethod("$/logTrace", UseSingleObjectParameterDeserialization = true)]
            public void LogTrace(JObject parameters) => messages.Enqueue("trace: " + (string?)parameters["message"]);

            [JsonRpcMethod("textDocument/publishDiagnostics", UseSingleObjectParameterDeserialization = true)]
            public void PublishDiagnostics(JObject parameters)
            {
                // This client pulls; pushed diagnostics are not used.
            }

            [JsonRpcMethod("$/progress", UseSingleObjectParameterDeserialization = true)]
            public void Progress(JObject parameters)
            {
                // Progress reports are not shown.
            }

            [JsonRpcMethod("window/workDoneProgress/create", UseSingleObjectParameterDeserialization = true)]
            public JToken? CreateProgress(JObject parameters) => JValue.CreateNull();

            [JsonRpcMethod("client/registerCapability", UseSingleObjectParameterDeserialization = true)]
            public JToken? RegisterCapability(JObject parameters) => JValue.CreateNull();

            [JsonRpcMethod("client/unregisterCapability", UseSingleObjectParameterDeserialization = true)]
            public JToken? UnregisterCapability(JObject parameters) => JValue.CreateNull();

            [JsonRpcMethod("workspace/diagnostic/refresh")]
            public JToken? DiagnosticRefresh() => JValue.CreateNull();

            [JsonRpcMethod("workspace/semanticTokens/refresh")]
            public JToken? SemanticTokensRefresh() => JValue.CreateNull();

            [JsonRpcMethod("workspace/inlayHint/refresh")]
            public JToken? InlayHintRefresh() => JValue.CreateNull();

            [JsonRpcMethod("workspace/codeLens/refresh")]
            public JToken? CodeLensRefresh() => JValue.CreateNull();
        }
    }

    /// <summary>One diagnostic as the server reports it: zero-based line, the rule ID, severity and message.</summary>
    public sealed record LspDiagnostic(int Line, int Character, string Code, int Severity, string Message)
    {
        public static LspDiagnostic From(JObject item)
            => new(
                (int?)item["range"]?["start"]?["line"] ?? -1,
                (int?)item["range"]?["start"]?["character"] ?? -1,
                item["code"]?.ToString() ?? string.Empty,
                (int?)item["severity"] ?? 0,
                (string?)item["message"] ?? string.Empty);

        public override string ToString() => $"{Code}@{Line + 1}:{Character + 1} ({Message})";
    }
}
