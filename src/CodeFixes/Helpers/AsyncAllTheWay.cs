using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncRules.CodeFixes.Helpers
{
    /// <summary>
    /// "Async all the way", the fix for sync-over-async (ASYNC011): the function that blocks on a task becomes a coroutine and
    /// awaits it, and so, recursively, does every caller in the solution, up to the callers that are entry points.
    /// <list type="bullet">
    /// <item>A method whose signature changes (<c>void</c> → <c>Task</c>, <c>T</c> → <c>Task&lt;T&gt;</c>) gets the <c>Async</c>
    /// suffix when it has none and the name is free; every call is then awaited, every <c>nameof</c> and <c>cref</c> renamed.</item>
    /// <item>Entry points end the chain: <c>Main</c> becomes <c>async Task Main</c> and test methods <c>async Task</c> (both keep
    /// their names, which a host looks up); an event handler, whose signature the event fixes, becomes <c>async void</c>, the one
    /// place an <c>async void</c> belongs.</item>
    /// <item>A caller that cannot become async (an override or interface member, a constructor, property or operator, a sync lambda,
    /// a method used as a delegate, a call inside a <c>lock</c>...) keeps a visible, deliberate
    /// <c>.GetAwaiter().GetResult()</c>, which ASYNC011 reports in its turn: the chain ends there, on purpose and in plain sight.</item>
    /// </list>
    /// Nothing is offered when the blocking function itself cannot become async. The edited documents are compiled before the
    /// change is returned: should the result hold a compiler error that was not there before, the fix changes nothing.
    /// </summary>
    internal sealed partial class AsyncAllTheWay
    {
        private readonly Solution solution;
        private readonly CancellationToken cancellationToken;
        private readonly Dictionary<IMethodSymbol, Conversion?> conversions = new(SymbolEqualityComparer.Default);
        private readonly Dictionary<DocumentId, Dictionary<(SyntaxNode Node, EditKind Kind), Edit>> edits = new();
        private readonly Dictionary<DocumentId, SemanticModel> models = new();
        private readonly Queue<Conversion> pending = new();

        private AsyncAllTheWay(Solution solution, CancellationToken cancellationToken)
        {
            this.solution = solution;
            this.cancellationToken = cancellationToken;
        }

        private enum Role
        {
            /// <summary>Becomes async (renamed with <c>Async</c> when its signature changes); its callers follow.</summary>
            Ordinary,

            /// <summary><c>Main</c> or a test method: becomes <c>async Task</c>, keeps its name; the host awaits it.</summary>
            EntryPoint,

            /// <summary>An event handler: becomes <c>async void</c>; the event keeps its signature.</summary>
            EventHandler,
        }

        private enum EditKind
        {
            ConvertFunction,
            AwaitWait,
            AwaitCall,
            WaitCall,
            Rename,
        }

        /// <summary>The code action title for fixing <paramref name="diagnostic"/>, or null when it has no safe fix.</summary>
        public static async Task<string?> GetTitleAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var planner = new AsyncAllTheWay(document.Project.Solution, cancellationToken);
            var seed = await planner.ResolveSeedAsync(document, diagnostic).ConfigureAwait(false);
            return seed?.Title;
        }

        /// <summary>
        /// The solution with every diagnostic of <paramref name="seeds"/> that can be fixed made async all the way; the solution as it
        /// was when none can, or when the result would not compile.
        /// </summary>
        public static async Task<Solution> FixAsync(Solution solution, IEnumerable<(Document Document, Diagnostic Diagnostic)> seeds, CancellationToken cancellationToken)
        {
            var planner = new AsyncAllTheWay(solution, cancellationToken);
            foreach (var (document, diagnostic) in seeds)
            {
                await planner.PlanSeedAsync(document, diagnostic).ConfigureAwait(false);
            }

            while (planner.pending.Count > 0)
            {
                await planner.PlanCallersAsync(planner.pending.Dequeue()).ConfigureAwait(false);
            }

            if (planner.edits.Count == 0)
            {
                return solution;
            }

            var changed = await planner.ApplyAsync().ConfigureAwait(false);
            bool breaksBuild;
            try
            {
                breaksBuild = await planner.AddsCompilerErrorsAsync(changed).ConfigureAwait(false);
            }
            catch (System.Exception exception) when (exception is not System.OperationCanceledException)
            {
                breaksBuild = true; // a tree the compiler cannot even bind is as broken as it gets
            }

            return breaksBuild ? solution : changed;
        }

        private async Task<SemanticModel> ModelAsync(Document document)
        {
            if (!models.TryGetValue(document.Id, out var model))
            {
                model = (await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false))!;
                models[document.Id] = model;
            }

            return model;
        }
    }
}
