using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncRules.Analyzers.Helpers
{
    internal static partial class DualPathCalls
    {
        private static IEnumerable<IOperation> AllOperations(ControlFlowGraph graph)
        {
            foreach (var block in graph.Blocks)
            {
                foreach (var operation in CompletionFlow.BlockOperations(block))
                {
                    foreach (var descendant in operation.DescendantsAndSelf())
                    {
                        yield return descendant;
                    }
                }
            }
        }

        /// <summary>The blocks that can run when the flags are false (a catch or finally runs when its try can).</summary>
        private static bool[] ReachableBlocks(ControlFlowGraph graph, ImmutableArray<ISymbol> falseParameters, bool flagsTrue = false, KnownSymbols? endAtNeverReturning = null)
        {
            var reachable = new bool[graph.Blocks.Length];
            var pending = new Stack<BasicBlock>();
            pending.Push(graph.Blocks[0]);
            while (true)
            {
                while (pending.Count > 0)
                {
                    var block = pending.Pop();
                    if (reachable[block.Ordinal] || !block.IsReachable)
                    {
                        continue;
                    }

                    reachable[block.Ordinal] = true;
                    if (endAtNeverReturning is not null && CalleeBodies.CallsNeverReturning(block, endAtNeverReturning))
                    {
                        continue;
                    }

                    var taken = DecidedBranch(block, falseParameters, flagsTrue);
                    if (taken is not null)
                    {
                        Push(pending, taken.Destination);
                    }
                    else
                    {
                        Push(pending, block.ConditionalSuccessor?.Destination);
                        Push(pending, block.FallThroughSuccessor?.Destination);
                    }
                }

                if (!EnterHandlers(graph.Root, graph, reachable, pending))
                {
                    return reachable;
                }
            }
        }

        private static void Push(Stack<BasicBlock> pending, BasicBlock? block)
        {
            if (block is not null)
            {
                pending.Push(block);
            }
        }

        /// <summary>For a branch on a flag known false (<c>if (async)</c>, <c>async ? .. : ..</c>, <c>if (!async)</c>), the one successor taken.</summary>
        private static ControlFlowBranch? DecidedBranch(BasicBlock block, ImmutableArray<ISymbol> falseParameters, bool flagsTrue = false)
        {
            if (block.ConditionKind == ControlFlowConditionKind.None || block.BranchValue is null)
            {
                return null;
            }

            var value = TaskPlace.Unwrap(block.BranchValue);
            var negated = false;
            while (value is IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not)
            {
                negated = !negated;
                value = TaskPlace.Unwrap(not.Operand);
            }

            if (flagsTrue ? !(FlagOf(value) is { } flag && falseParameters.Contains(flag, SymbolEqualityComparer.Default)) : !IsKnownFalse(value, falseParameters))
            {
                return null;
            }

            // The conditional successor is taken when the value equals the condition kind's bool.
            var conditionalTaken = (negated != flagsTrue) == (block.ConditionKind == ControlFlowConditionKind.WhenTrue);
            return conditionalTaken ? block.ConditionalSuccessor : block.FallThroughSuccessor;
        }

        /// <summary>Queues the first block of each catch, filter and finally whose try has a reachable block; false when none is new.</summary>
        private static bool EnterHandlers(ControlFlowRegion region, ControlFlowGraph graph, bool[] reachable, Stack<BasicBlock> pending)
        {
            var entered = false;
            if (region.Kind is ControlFlowRegionKind.TryAndCatch or ControlFlowRegionKind.TryAndFinally && region.NestedRegions.Length > 1)
            {
                var @try = region.NestedRegions[0];
                var tryRuns = false;
                for (var i = @try.FirstBlockOrdinal; i <= @try.LastBlockOrdinal && !tryRuns; i++)
                {
                    tryRuns = reachable[i];
                }

                if (tryRuns)
                {
                    for (var i = 1; i < region.NestedRegions.Length; i++)
                    {
                        var first = region.NestedRegions[i].FirstBlockOrdinal;
                        if (!reachable[first])
                        {
                            pending.Push(graph.Blocks[first]);
                            entered = true;
                        }
                    }
                }
            }

            foreach (var nested in region.NestedRegions)
            {
                entered |= EnterHandlers(nested, graph, reachable, pending);
            }

            return entered;
        }
    }
}
