using System.Linq;
using AsyncRules.Learn.Checking;
using AsyncRules.Learn.Running;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace AsyncRules.LearnTests
{
    /// <summary>A run's copy of the demo: every call on time, and every blocking wait, goes to the run's clock.</summary>
    public sealed class ClockRewriterTests
    {
        private static string Rewrite(string body)
        {
            var source = $$"""
                using System;
                using System.Diagnostics;
                using System.Threading;
                using System.Threading.Tasks;
                using System.Collections.Generic;

                internal static class Demo
                {
                    private static async Task M(Task<int> t, SemaphoreSlim s, IAsyncEnumerable<int> stream, CancellationToken ct)
                    {
                        {{body}}
                        await Task.Yield();
                    }
                }
                """;
            var tree = CSharpSyntaxTree.ParseText(source);
            var compilation = CSharpCompilation.Create("t", new[] { tree }, LearnWorkspace.FrameworkReferences, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            var rewritten = ClockRewriter.Apply(tree, ClockRewriter.Plan(compilation.GetSemanticModel(tree), tree)).ToString();
            var line = rewritten.Split('\n').Single(l => l.Contains("// here", System.StringComparison.Ordinal));
            return line.Trim();
        }

        [Theory]
        [InlineData("await Task.Delay(1000); // here", "await global::AsyncRules.Learn.Runtime.DemoClock.Delay(1000); // here")]
        [InlineData("await System.Threading.Tasks.Task.Delay(TimeSpan.FromSeconds(1), ct); // here", "await global::AsyncRules.Learn.Runtime.DemoClock.Delay(TimeSpan.FromSeconds(1), ct); // here")]
        [InlineData("Thread.Sleep(1000); // here", "global::AsyncRules.Learn.Runtime.DemoClock.Sleep(1000); // here")]
        [InlineData("var r = t.Result; // here", "var r = global::AsyncRules.Learn.Runtime.DemoClock.Ready(t).Result; // here")]
        [InlineData("t.Wait(); // here", "global::AsyncRules.Learn.Runtime.DemoClock.Wait(t); // here")]
        [InlineData("var r = t.GetAwaiter().GetResult(); // here", "var r = global::AsyncRules.Learn.Runtime.DemoClock.Ready(t).GetAwaiter().GetResult(); // here")]
        [InlineData("Task.WaitAll(t, t); // here", "global::AsyncRules.Learn.Runtime.DemoClock.WaitAll(t, t); // here")]
        [InlineData("s.Wait(ct); // here", "global::AsyncRules.Learn.Runtime.DemoClock.Wait(s, ct); // here")]
        [InlineData("foreach (var i in stream.ToBlockingEnumerable()) { } // here", "foreach (var i in global::AsyncRules.Learn.Runtime.DemoClock.ToBlockingEnumerable(stream)) { } // here")]
        [InlineData("var c = Stopwatch.StartNew(); // here", "var c = global::AsyncRules.Learn.Runtime.Stopwatch.StartNew(); // here")]
        [InlineData("System.Diagnostics.Stopwatch c = new(); // here", "global::AsyncRules.Learn.Runtime.Stopwatch c = new(); // here")]
        [InlineData("using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1)); // here", "using var cts = global::AsyncRules.Learn.Runtime.DemoClock.NewCancellationTokenSource(TimeSpan.FromSeconds(1)); // here")]
        [InlineData("var now = DateTimeOffset.Now; // here", "var now = (global::AsyncRules.Learn.Runtime.DemoClock.Time.GetLocalNow()); // here")]
        [InlineData("await Task.Run(() => Thread.Sleep(1)); // here", "await global::AsyncRules.Learn.Runtime.DemoClock.Run(() => global::AsyncRules.Learn.Runtime.DemoClock.Sleep(1)); // here")]
        [InlineData("Environment.Exit(2); // here", "global::AsyncRules.Learn.Runtime.DemoClock.Exit(2); // here")]
        [InlineData("await Task.Delay(TimeSpan.Zero, TimeProvider.System); // here", "await Task.Delay(TimeSpan.Zero, global::AsyncRules.Learn.Runtime.DemoClock.Time); // here")]
        public void Time_and_blocking_calls_go_to_the_run_s_clock(string original, string expected)
            => Assert.Equal(expected, Rewrite(original));
    }
}
