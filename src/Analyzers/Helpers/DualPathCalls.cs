using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncRules.Analyzers.Helpers
{
    /// <summary>
    /// Dual-path methods (npgsql, SqlClient and the BCL's streams are written this way): one body serves the sync and the
    /// async API, chosen by a <c>bool</c> parameter, and the sync API enters it with the literal <c>false</c>:
    /// <c>Write(async: false, ..).GetAwaiter().GetResult()</c>. That task is complete when the call returns, and the wait on
    /// it never blocks, if on the path the flag selects nothing is awaited that could be pending: every <c>await</c> (also
    /// those of <c>await foreach</c> and <c>await using</c>) runs only when the flag is true (<c>if (async)</c>,
    /// <c>async ? await .. : ..</c>, after <c>if (!async) return ..;</c>), or awaits a call that is handed the flag (or
    /// <c>false</c>) and is itself proven so, recursively up to <see cref="MaxDepth"/> calls deep; a method that is not
    /// <c>async</c> must return such a call or a finished task on that path. The callee must be in this compilation and
    /// bound without virtual dispatch, and the flag never assigned. Everything else stays unproven: a callee whose sync
    /// path awaits anything else (a scheduler awaitable, a stored task) keeps the wait reported.
    /// Answers are cached per compilation and method.
    /// </summary>
    internal static class DualPathCalls
    {
        /// <summary>How many dual-path calls deep a proof may look (each level is one callee body).</summary>
        internal const int MaxDepth = 6;

        /// <summary>Cheap syntactic test: a call with a constant <c>false</c> for a <c>bool</c> parameter.</summary>
        public static bool MayEnterSyncPath(IOperation value)
            => value is IInvocationOperation invocation && FalseParameters(invocation, 0) != 0;

        /// <summary>True when the task <paramref name="invocation"/> returns is complete once the call returns (see the type).</summary>
        public static bool CompletesSynchronously(IInvocationOperation invocation, KnownSymbols symbols)
        {
            var falseParameters = FalseParameters(invocation, 0);
            return falseParameters != 0 && Prove(invocation.TargetMethod, falseParameters, symbols, MaxDepth, new List<Key>()).Kind == ResultKind.Proven;
        }

        /// <summary>
        /// The bool parameters of the call that receive <c>false</c> (a constant, or a parameter of the caller known false in
        /// <paramref name="knownFalse"/>), as a bit mask of ordinals.
        /// </summary>
        private static ulong FalseParameters(IInvocationOperation invocation, ulong knownFalse)
        {
            ulong mask = 0;
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter is { RefKind: RefKind.None, Type.SpecialType: SpecialType.System_Boolean, Ordinal: < 64 } parameter
                    && IsKnownFalse(argument.Value, knownFalse))
                {
                    mask |= 1UL << parameter.Ordinal;
                }
            }

            return mask;
        }

        private static bool IsKnownFalse(IOperation value, ulong knownFalse)
        {
            value = TaskPlace.Unwrap(value);
            return value.ConstantValue is { HasValue: true, Value: false }
                || (value is IParameterReferenceOperation { Parameter.Ordinal: < 64 and var ordinal } && (knownFalse & (1UL << ordinal)) != 0);
        }

        private static Result Prove(IMethodSymbol method, ulong falseParameters, KnownSymbols symbols, int budget, List<Key> stack)
        {
            method = method.OriginalDefinition;
            if (!symbols.IsTaskLike(method.ReturnType))
            {
                return Result.Disproven;
            }

            var key = new Key(method, falseParameters);
            var cache = CalleeBodies.For(symbols.Compilation).DualPath;
            if (cache.TryGetValue(key, out var known))
            {
                return known.Kind == ResultKind.Proven && known.Height > budget ? Result.TooDeep : known;
            }

            // Beyond the bound, or round a cycle, nothing is known; neither answer is cached, so every proof is the same
            // whatever was asked first.
            if (budget == 0 || stack.Contains(key))
            {
                return Result.TooDeep;
            }

            stack.Add(key);
            var result = Compute(method, falseParameters, symbols, budget, stack);
            stack.RemoveAt(stack.Count - 1);
            if (result.Kind != ResultKind.TooDeep)
            {
                cache.TryAdd(key, result);
            }

            return result;
        }

        private static Result Compute(IMethodSymbol method, ulong falseParameters, KnownSymbols symbols, int budget, List<Key> stack)
        {
            if (CalleeBodies.BodyOf(method, symbols.Compilation) is not { } body)
            {
                return Result.Disproven;
            }

            // A flag the body assigns (or passes by ref) is no longer known there.
            foreach (var operation in body.Descendants())
            {
                if (operation is IParameterReferenceOperation { Parameter.Ordinal: < 64 and var ordinal } reference
                    && (falseParameters & (1UL << ordinal)) != 0 && IsWritten(reference))
                {
                    falseParameters &= ~(1UL << ordinal);
                }
            }

            if (falseParameters == 0)
            {
                return Result.Disproven;
            }

            var graph = ControlFlowGraph.Create(body);
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

            var proof = new Proof(symbols, falseParameters, budget, stack, captures);
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
                            return proof.Failure;
                        }
                    }
                }

                if (!method.IsAsync && block.BranchValue is { } returned && block.FallThroughSuccessor?.Semantics == ControlFlowBranchSemantics.Return
                    && !proof.Add(returned, isReturn: true))
                {
                    return proof.Failure;
                }
            }

            return new Result(ResultKind.Proven, proof.Height);
        }

        private static bool IsWritten(IOperation reference)
            => reference.Parent switch
            {
                IAssignmentOperation assignment => assignment.Target == reference,
                IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } => true,
                _ => false,
            };

        /// <summary>The blocks that can run when the masked parameters are false (a catch or finally runs when its try can).</summary>
        private static bool[] ReachableBlocks(ControlFlowGraph graph, ulong falseParameters)
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
                    var taken = DecidedBranch(block, falseParameters);
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
        private static ControlFlowBranch? DecidedBranch(BasicBlock block, ulong falseParameters)
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

            if (!IsKnownFalse(value, falseParameters))
            {
                return null;
            }

            // The conditional successor is taken when the value equals the condition kind's bool.
            var conditionalTaken = negated == (block.ConditionKind == ControlFlowConditionKind.WhenTrue);
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

        internal enum ResultKind
        {
            Proven,
            Disproven,
            TooDeep,
        }

        /// <summary>A proof's outcome; for a proof, how many callee bodies deep it reached.</summary>
        internal readonly struct Result
        {
            public static readonly Result Disproven = new(ResultKind.Disproven, 0);
            public static readonly Result TooDeep = new(ResultKind.TooDeep, 0);

            public Result(ResultKind kind, int height)
            {
                Kind = kind;
                Height = height;
            }

            public ResultKind Kind { get; }

            public int Height { get; }
        }

        /// <summary>A method and which of its bool parameters are false.</summary>
        internal readonly struct Key : IEquatable<Key>
        {
            public Key(IMethodSymbol method, ulong falseParameters)
            {
                Method = method;
                FalseParameters = falseParameters;
            }

            public IMethodSymbol Method { get; }

            public ulong FalseParameters { get; }

            public bool Equals(Key other) => FalseParameters == other.FalseParameters && SymbolEqualityComparer.Default.Equals(Method, other.Method);

            public override bool Equals(object? obj) => obj is Key other && Equals(other);

            public override int GetHashCode() => (SymbolEqualityComparer.Default.GetHashCode(Method) * 397) ^ FalseParameters.GetHashCode();
        }

        /// <summary>Checks, one by one, the awaited and returned values on the sync path; remembers the deepest callee proof.</summary>
        private sealed class Proof
        {
            private readonly KnownSymbols symbols;
            private readonly ulong falseParameters;
            private readonly int budget;
            private readonly List<Key> stack;
            private readonly Dictionary<CaptureId, List<IOperation>> captures;

            public Proof(KnownSymbols symbols, ulong falseParameters, int budget, List<Key> stack, Dictionary<CaptureId, List<IOperation>> captures)
            {
                this.symbols = symbols;
                this.falseParameters = falseParameters;
                this.budget = budget;
                this.stack = stack;
                this.captures = captures;
            }

            public int Height { get; private set; } = 1;

            public Result Failure { get; private set; } = Result.Disproven;

            /// <summary>True when <paramref name="value"/> (awaited, or returned by a method that is not async) is a finished task.</summary>
            public bool Add(IOperation value, bool isReturn)
            {
                value = TaskPlace.Unwrap(value);
                if (value is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } configured } && !isReturn)
                {
                    value = TaskPlace.Unwrap(configured);
                }

                if (value is IFlowCaptureReferenceOperation reference)
                {
                    if (!captures.TryGetValue(reference.Id, out var values))
                    {
                        return false;
                    }

                    foreach (var captured in values)
                    {
                        if (!Add(captured, isReturn))
                        {
                            return false;
                        }
                    }

                    return true;
                }

                if (CompletedTasks.IsCompletedFactory(value, symbols) || (isReturn && IsFinishedValueTask(value)))
                {
                    return true;
                }

                if (value is not IInvocationOperation call)
                {
                    return false;
                }

                var handed = FalseParameters(call, falseParameters);
                if (handed == 0)
                {
                    return false;
                }

                var result = Prove(call.TargetMethod, handed, symbols, budget - 1, stack);
                if (result.Kind != ResultKind.Proven)
                {
                    Failure = result;
                    return false;
                }

                Height = Math.Max(Height, result.Height + 1);
                return true;
            }

            /// <summary><c>default</c>, <c>new ValueTask()</c> or <c>new ValueTask&lt;T&gt;(value)</c>: a value task that is already complete.</summary>
            private bool IsFinishedValueTask(IOperation value)
            {
                switch (value)
                {
                    case IDefaultValueOperation:
                        return true;
                    case IObjectCreationOperation { Constructor: { } constructor } creation
                        when SymbolEqualityComparer.Default.Equals(constructor.ContainingType.OriginalDefinition, symbols.ValueTask)
                            || SymbolEqualityComparer.Default.Equals(constructor.ContainingType.OriginalDefinition, symbols.ValueTaskOfT):
                        return creation.Arguments.IsEmpty
                            || (creation.Arguments.Length == 1 && constructor.ContainingType.TypeArguments.Length == 1
                                && SymbolEqualityComparer.Default.Equals(constructor.Parameters[0].Type, constructor.ContainingType.TypeArguments[0]));
                    default:
                        return false;
                }
            }
        }
    }
}
