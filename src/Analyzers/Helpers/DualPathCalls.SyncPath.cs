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
        /// <summary>
        /// One body's part of the proof: the calls its sync path awaits (or, not async, returns) with the flag, each to be
        /// proven in turn; default when the sync path awaits or returns anything else, or the body cannot be read.
        /// </summary>
        private static ImmutableArray<Key> SyncPathCallees(Key key, KnownSymbols symbols)
        {
            var method = key.Method;
            var falseParameters = key.FalseParameters;
            if (CalleeBodies.BodyOf(method, symbols.Compilation, declared: true) is not { } body)
            {
                return default;
            }

            // A flag the body assigns (or passes by ref) is no longer known there; one read only as an argument decides no branch.
            var decidesBranches = false;
            foreach (var operation in body.Descendants())
            {
                if (FlagOf(operation) is { } flag && falseParameters.Contains(flag, SymbolEqualityComparer.Default))
                {
                    if (IsWritten(operation))
                    {
                        falseParameters = falseParameters.Remove(flag, SymbolEqualityComparer.Default);
                    }

                    decidesBranches |= operation.Parent is not IArgumentOperation;
                }
            }

            if (falseParameters.IsEmpty && !key.FalseParameters.IsEmpty)
            {
                return default;
            }

            // A body whose flags are only passed on (await Inner(async, ct)) has one path for both values: when each await is
            // plainly a call handed the flag, no graph is needed (the graph still sees through a ?: or a ?? around it).
            if (!decidesBranches && DirectProof(body, method, falseParameters, symbols) is { } direct)
            {
                return direct.Callees;
            }

            if (CalleeBodies.GraphOf(method, symbols.Compilation, declared: true) is not { } graph)
            {
                return default;
            }

            var reachable = ReachableBlocks(graph, falseParameters);
            var captures = new Dictionary<CaptureId, List<IOperation>>();
            foreach (var block in graph.Blocks)
            {
                if (!reachable[block.Ordinal])
                {
                    continue;
                }

                foreach (var operation in CompletionFlow.BlockOperations(block))
                {
                    foreach (var descendant in operation.DescendantsAndSelf())
                    {
                        if (descendant is IFlowCaptureOperation capture)
                        {
                            if (!captures.TryGetValue(capture.Id, out var values))
                            {
                                captures[capture.Id] = values = new List<IOperation>();
                            }

                            values.Add(capture.Value);
                        }
                    }
                }
            }

            var proof = new Proof(symbols, falseParameters, cachedOnly: falseParameters.IsEmpty, captures, AllOperations(graph), graph.OriginalOperation);
            foreach (var block in graph.Blocks)
            {
                if (!reachable[block.Ordinal])
                {
                    continue;
                }

                foreach (var operation in CompletionFlow.BlockOperations(block))
                {
                    foreach (var descendant in operation.DescendantsAndSelf())
                    {
                        if (descendant is IAwaitOperation awaitOperation && !proof.Add(awaitOperation.Operation, isReturn: false))
                        {
                            return default;
                        }
                    }
                }

                if (!method.IsAsync && block.BranchValue is { } returned && block.FallThroughSuccessor?.Semantics == ControlFlowBranchSemantics.Return
                    && !proof.Add(returned, isReturn: true))
                {
                    return default;
                }
            }

            return proof.Callees;
        }

        /// <summary>
        /// The quick proof for a body that decides no branch on a flag: every await (and, for a method that is not async, every
        /// returned value) in it is a finished task or a call handed the flag. Null when some is not, or when the body has an
        /// <c>await foreach</c> or <c>await using</c> (their awaits are only explicit in the graph).
        /// </summary>
        private static Proof? DirectProof(IOperation body, IMethodSymbol method, ImmutableArray<ISymbol> falseParameters, KnownSymbols symbols)
        {
            var proof = new Proof(symbols, falseParameters, cachedOnly: falseParameters.IsEmpty, new Dictionary<CaptureId, List<IOperation>>(), body.Descendants(), tree: null);
            var pending = new Stack<IOperation>();
            pending.Push(body);
            while (pending.Count > 0)
            {
                var operation = pending.Pop();
                switch (operation)
                {
                    case IAnonymousFunctionOperation or ILocalFunctionOperation:
                        continue;
                    case IForEachLoopOperation { IsAsynchronous: true }:
                    case IUsingOperation { IsAsynchronous: true }:
                    case IUsingDeclarationOperation { IsAsynchronous: true }:
                        return null;
                    case IAwaitOperation awaitOperation when !proof.Add(awaitOperation.Operation, isReturn: false):
                        return null;
                    case IReturnOperation { ReturnedValue: { } returned } when !method.IsAsync && !proof.Add(returned, isReturn: true):
                        return null;
                }

                foreach (var child in operation.ChildOperations)
                {
                    pending.Push(child);
                }
            }

            return proof;
        }
    }
}
