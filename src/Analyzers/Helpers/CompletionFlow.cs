using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncRules.Analyzers.Helpers
{
    /// <summary>
    /// "Is the task in this place complete at this spot, on every path that reaches it?", answered on Roslyn's control-flow
    /// graph of the function holding the spot. A forward must-analysis over the graph: a path makes the task known complete
    /// where it is awaited, waited on without a timeout (<c>t.Wait()</c>, <c>t.GetAwaiter().GetResult()</c>), assigned a finished
    /// task, or where a branch proves it (the true side of <c>t.IsCompleted</c>, <c>t.IsCompletedSuccessfully</c>, <c>t.IsFaulted</c>,
    /// <c>t.IsCanceled</c>, <c>t.Status == TaskStatus.RanToCompletion</c> or <c>is</c>/<c>switch</c> on a final status,
    /// <c>t.Wait(timeout)</c>, or a <c>bool</c> helper whose body returns one of these, looked into one level); the fact lasts
    /// until the place is assigned again. Where paths meet, the task is complete only if it is on each of them; a catch or
    /// finally block starts knowing nothing. On the failed side of a completion test, and in a catch, a call that cannot
    /// return (<c>[DoesNotReturn]</c>, or a body that always throws) ends the path: <c>if (!TryWait(t)) ThrowTimeout();</c>,
    /// <c>catch (AggregateException e) { ExceptionDispatchInfo.Capture(e.InnerException).Throw(); }</c>.
    /// <para>
    /// The graph is built lazily, only for a wait that is about to be reported and whose function shows some evidence about
    /// that task before it, and it is cached per operation block, with each place's solution, for the other waits there.
    /// </para>
    /// </summary>
    internal static partial class CompletionFlow
    {
        private static readonly ConditionalWeakTable<IOperation, GraphBox> RootGraphs = new();
        private static readonly ConditionalWeakTable<ControlFlowGraph, GraphFacts> Facts = new();

        internal enum Polarity
        {
            None,

            /// <summary>The condition being true proves the task complete.</summary>
            WhenTrue,

            /// <summary>The condition being false proves the task complete.</summary>
            WhenFalse,
        }

        public static bool IsCompleteAt(TaskPlace place, IOperation spot, KnownSymbols symbols)
        {
            var body = FunctionBody(spot);
            if (!HasEvidenceBefore(place, body, spot, symbols) || IsWrittenOutside(place, body))
            {
                return false;
            }

            var graph = GraphOf(spot);
            return graph is not null && Facts.GetValue(graph, g => new GraphFacts(g)).IsCompleteAt(place, spot, symbols);
        }

        /// <summary>The body of the function that runs <paramref name="operation"/>: a lambda's or local function's body, else the root.</summary>
        internal static IOperation FunctionBody(IOperation operation)
        {
            var current = operation;
            while (current.Parent is { } parent)
            {
                if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    return current;
                }

                current = parent;
            }

            return current;
        }
    }
}
