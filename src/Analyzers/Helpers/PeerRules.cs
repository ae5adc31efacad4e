using System;
using System.Collections.Immutable;

namespace AsyncRules.Analyzers.Helpers
{
    /// <summary>
    /// For each AsyncRules ID, the IDs under which the compiler and the peer packages report the same mistake. A team that
    /// already suppressed one of those at a line has said, in its own words, that the code there is deliberate; AsyncRules
    /// then does not ask again (<see cref="Suppressors.PeerSuppressionSuppressor"/>). Only rules that report the same
    /// mistake are listed, never a neighbour: VSTHRD200 (naming) says nothing about a blocking wait.
    /// </summary>
    internal static class PeerRules
    {
        /// <summary>Our ID → the peer IDs that report the same mistake (the compiler's CS4014, VS Threading, the SDK's CA rules, Meziantou, AsyncFixer, Sonar).</summary>
        public static ImmutableDictionary<string, ImmutableArray<string>> ByRule { get; } = new (string Rule, string[] Peers)[]
        {
            (DiagnosticIds.AsyncVoidMethod, new[] { "VSTHRD100", "AsyncFixer03", "MA0155", "S3168" }),
            (DiagnosticIds.AsyncLambdaToVoidDelegate, new[] { "VSTHRD101", "AsyncFixer03", "MA0147" }),
            (DiagnosticIds.DroppedAwaitable, new[] { "CS4014", "VSTHRD110", "MA0134", "CA2012", "AsyncFixer04" }),
            (DiagnosticIds.NestedTaskAwaited, new[] { "AsyncFixer05" }),
            (DiagnosticIds.NullTaskReturned, new[] { "VSTHRD114" }),
            (DiagnosticIds.BlockingWaitInAsyncCode, new[] { "VSTHRD002", "VSTHRD103", "CA1849", "CA2012", "MA0042", "MA0045", "AsyncFixer02", "S4462" }),
            (DiagnosticIds.BlockingWaitInSyncCode, new[] { "VSTHRD002", "VSTHRD103", "CA1849", "CA2012", "MA0042", "MA0045", "AsyncFixer02", "S4462" }),
            (DiagnosticIds.ThreadSleepInAsyncCode, new[] { "MA0042", "AsyncFixer02" }),
            (DiagnosticIds.SyncCallWithAsyncCounterpart, new[] { "VSTHRD103", "CA1849", "MA0042", "AsyncFixer02", "S6966" }),
            (DiagnosticIds.TokenNotForwarded, new[] { "CA2016", "MA0040", "MA0032" }),
        }.ToImmutableDictionary(x => x.Rule, x => x.Peers.ToImmutableArray(), StringComparer.Ordinal);

        /// <summary>
        /// The ID a <c>#pragma warning</c> code or a <c>SuppressMessage</c> check ID names: <c>4014</c> is the compiler's
        /// CS4014, and a check ID may carry its title after a colon (<c>"VSTHRD002:Avoid problematic synchronous waits"</c>).
        /// </summary>
        public static string Normalize(string code)
        {
            var text = code.Trim();
            var colon = text.IndexOf(':');
            if (colon >= 0)
            {
                text = text.Substring(0, colon).Trim();
            }

            return text.Length > 0 && char.IsDigit(text[0]) ? "CS" + text : text;
        }
    }
}
