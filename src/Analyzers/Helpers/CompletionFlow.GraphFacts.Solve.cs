using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncRules.Analyzers.Helpers
{
    internal static partial class CompletionFlow
    {
        private sealed partial class GraphFacts
        {
            /// <summary>The greatest fixed point of the must-analysis: the state at the start of each block.</summary>
            private bool[] Solve(TaskPlace place, KnownSymbols symbols)
            {
                var blocks = graph.Blocks;
                var entry = new bool[blocks.Length];
                var exit = new bool[blocks.Length];
                var polarity = new Polarity[blocks.Length];
                for (var i = 0; i < blocks.Length; i++)
                {
                    entry[i] = exit[i] = i != 0;
                    if (blocks[i].BranchValue is { } condition && blocks[i].ConditionKind != ControlFlowConditionKind.None)
                    {
                        polarity[i] = Asserts(condition, place, symbols, resolve, lookIntoHelpers: true);
                    }
                }

                var killingFinally = new Dictionary<ControlFlowRegion, bool>();
                var changed = true;
                while (changed)
                {
                    changed = false;
                    foreach (var block in blocks)
                    {
                        if (!block.IsReachable)
                        {
                            continue;
                        }

                        var state = block.Ordinal != 0 && !block.Predecessors.IsEmpty;
                        foreach (var branch in block.Predecessors)
                        {
                            if (branch.Source.IsReachable)
                            {
                                state &= EdgeState(branch, exit, polarity, place, killingFinally);
                            }
                        }

                        var start = state;
                        foreach (var operation in BlockOperations(block))
                        {
                            Walk(operation, ref state, place, symbols, stop: null);
                        }

                        if (!state && (EndsPath(block, polarity, symbols) || EndsHandler(block, symbols)))
                        {
                            state = true;
                        }

                        if (start != entry[block.Ordinal] || state != exit[block.Ordinal])
                        {
                            entry[block.Ordinal] = start;
                            exit[block.Ordinal] = state;
                            changed = true;
                        }
                    }
                }

                return entry;
            }

            /// <summary>
            /// True for the failed side of a completion test that calls a method which cannot return (<c>if (!TryWait(t))
            /// ThrowTimeout();</c>): nothing after it runs, so the path proves anything. Asked only there, to keep callee
            /// lookups rare.
            /// </summary>
            private static bool EndsPath(BasicBlock block, Polarity[] polarity, KnownSymbols symbols)
            {
                if (block.Predecessors.IsEmpty)
                {
                    return false;
                }

                foreach (var branch in block.Predecessors)
                {
                    if (polarity[branch.Source.Ordinal] == Polarity.None)
                    {
                        return false;
                    }
                }

                return CalleeBodies.CallsNeverReturning(block, symbols);
            }

            /// <summary>
            /// True for a block of a catch that calls a method which cannot return (<c>catch (AggregateException e) {
            /// ExceptionDispatchInfo.Capture(e.InnerException).Throw(); }</c>, Polly's TimeoutEngine): the catch ends there, as
            /// with <c>throw;</c>, so it brings no path to the code after the <c>try</c>.
            /// </summary>
            private static bool EndsHandler(BasicBlock block, KnownSymbols symbols)
            {
                for (var region = block.EnclosingRegion; region is not null; region = region.EnclosingRegion)
                {
                    if (region.Kind == ControlFlowRegionKind.Catch)
                    {
                        return CalleeBodies.CallsNeverReturning(block, symbols);
                    }

                    if (region.Kind is ControlFlowRegionKind.Try or ControlFlowRegionKind.Finally)
                    {
                        return false;
                    }
                }

                return false;
            }

            private bool EdgeState(ControlFlowBranch branch, bool[] exit, Polarity[] polarity, TaskPlace place, Dictionary<ControlFlowRegion, bool> killingFinally)
            {
                var source = branch.Source;
                var state = exit[source.Ordinal];
                if (!state && polarity[source.Ordinal] != Polarity.None)
                {
                    // The conditional successor is taken when the branch value equals the condition kind's bool.
                    var takenWhenTrue = branch.IsConditionalSuccessor
                        ? source.ConditionKind == ControlFlowConditionKind.WhenTrue
                        : source.ConditionKind == ControlFlowConditionKind.WhenFalse;
                    state = takenWhenTrue == (polarity[source.Ordinal] == Polarity.WhenTrue);
                }

                foreach (var region in branch.FinallyRegions)
                {
                    if (state && Kills(region, place, killingFinally))
                    {
                        state = false;
                    }
                }

                return state;
            }

            private bool Kills(ControlFlowRegion region, TaskPlace place, Dictionary<ControlFlowRegion, bool> known)
            {
                if (!known.TryGetValue(region, out var kills))
                {
                    for (var i = region.FirstBlockOrdinal; i <= region.LastBlockOrdinal && !kills; i++)
                    {
                        foreach (var operation in BlockOperations(graph.Blocks[i]))
                        {
                            foreach (var descendant in operation.DescendantsAndSelf())
                            {
                                kills |= place.IsWrittenBy(descendant, resolve);
                            }
                        }
                    }

                    known[region] = kills;
                }

                return kills;
            }

            /// <summary>
            /// Runs <paramref name="operation"/> over the state, children before parents (the order they evaluate in). With a
            /// <paramref name="stop"/>, stops just before the stop runs and returns true.
            /// </summary>
            private bool Walk(IOperation operation, ref bool state, TaskPlace place, KnownSymbols symbols, IOperation? stop)
            {
                // Post-order without recursion: a long chain of operators (generated code) must not exhaust the stack.
                var pending = new Stack<(IOperation Operation, bool ChildrenDone)>();
                pending.Push((operation, false));
                while (pending.Count > 0)
                {
                    var (current, childrenDone) = pending.Pop();
                    if (!childrenDone)
                    {
                        pending.Push((current, true));
                        var children = new List<IOperation>(current.ChildOperations);
                        for (var i = children.Count - 1; i >= 0; i--)
                        {
                            pending.Push((children[i], false));
                        }

                        continue;
                    }

                    if (stop is not null && current.Syntax == stop.Syntax && current.Kind == stop.Kind)
                    {
                        return true;
                    }

                    state = Effect(current, state, place, symbols);
                }

                return false;
            }

            private bool Effect(IOperation operation, bool state, TaskPlace place, KnownSymbols symbols)
            {
                switch (operation)
                {
                    case IAwaitOperation awaitOperation when place.AwaitsProve && AwaitsPlace(awaitOperation, place, symbols, resolve):
                        return true;
                    case IInvocationOperation invocation when place.AwaitsProve && !place.IsCollection && IsUnboundedWaitOn(invocation, place, symbols, resolve):
                        return true;
                    case IAssignmentOperation or IArgumentOperation when place.IsWrittenBy(operation, resolve):
                        return operation is ISimpleAssignmentOperation assignment && !place.IsCollection && place.Matches(assignment.Target, resolve)
                            && IsCompleteValue(Resolve(assignment.Value, resolve), symbols);
                    default:
                        return state;
                }
            }
        }
    }
}
