using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
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
    /// <c>false</c>) and is itself proven so, transitively, within <see cref="MaxBodies"/> bodies; a method that is not
    /// <c>async</c> must return such a call or a finished task on that path (also through a local that only ever holds
    /// such values). A local function also knows the flags of the method around it that it reads. A flag may also be a
    /// readonly <c>bool</c> field of this object, known false where the call runs (<see cref="FieldsKnownFalseAt"/>); the
    /// methods it calls on this object know it too. The method entered must be in this compilation and bound without
    /// virtual dispatch, or virtual or abstract with every override in this compilation (each body is then proven, see
    /// <see cref="CalleeBodies.ImplementationsOf"/>), and the flag never assigned. Entered with no flag at all, a plain
    /// method is proven only when every return hands out a task finished before it ran (a static readonly field, see
    /// <see cref="CompletedTasks.IsPrecompletedField"/>) or null. A call further down whose
    /// body cannot be read (abstract, an interface member, virtual, another assembly's) is trusted by the same convention
    /// when the body hands it its own flag; a virtual method's own body, when in source, is still read. Everything else
    /// stays unproven: a sync path that awaits anything else (a scheduler awaitable, a stored task, an unreadable call
    /// handed a constant) keeps the wait reported.
    /// Each body's part of the proof, and each answer, is cached per compilation.
    /// </summary>
    internal static class DualPathCalls
    {
        /// <summary>
        /// How many method bodies a proof may read: the sync path of the method entered and of every call it awaits, transitively.
        /// Beyond that the wait stays reported.
        /// </summary>
        internal const int MaxBodies = 64;

        /// <summary>Cheap syntactic test: a call with a constant <c>false</c> for a <c>bool</c> parameter.</summary>
        public static bool MayEnterSyncPath(IOperation value)
            => value is IInvocationOperation invocation && !FalseParameters(invocation, ImmutableArray<ISymbol>.Empty).IsEmpty;

        /// <summary>True when the task <paramref name="invocation"/> returns is complete once the call returns (see the type).</summary>
        public static bool CompletesSynchronously(IInvocationOperation invocation, KnownSymbols symbols, bool inSource = false)
        {
            if (!IsCandidate(invocation.TargetMethod, symbols))
            {
                return false;
            }

            var falseParameters = FalseParameters(invocation, ImmutableArray<ISymbol>.Empty);
            if (falseParameters.IsEmpty && inSource)
            {
                falseParameters = FieldsKnownFalseAt(invocation, symbols);
            }

            // With no flag, only a plain method whose every return hands back a task finished before it ran (a static readonly
            // field initialised with one) or null (never waited on: ?. skips it, anything else throws) is proven: npgsql's
            // TryRead() returns static Task.FromResult fields.
            if (falseParameters.IsEmpty
                && (invocation.TargetMethod.IsAsync || !CalleeBodies.CanLookInto(invocation.TargetMethod, symbols.Compilation)))
            {
                return false;
            }

            var root = new Key(invocation.TargetMethod.OriginalDefinition, falseParameters);
            return CalleeBodies.For(symbols.Compilation).DualPathAnswers.GetOrAdd(root, key => Prove(Entries(key, symbols), symbols));
        }

        /// <summary>
        /// For a call on this object (<c>DisposeAsync()</c> in npgsql's <c>NestedReadScope.Dispose</c>, after <c>if (_async)
        /// ThrowHelper.Throw..(..)</c>), the readonly <c>bool</c> fields of this object that are false wherever the call runs:
        /// with the field taken as true, no path reaches the call (a branch on it, or a call that cannot return, ends each).
        /// The object must be a class or a readonly struct (a mutable struct may replace itself, readonly fields included).
        /// The cheap tests first: the call is on <c>this</c> and its function reads such a field; only then is the graph asked.
        /// </summary>
        private static ImmutableArray<ISymbol> FieldsKnownFalseAt(IInvocationOperation invocation, KnownSymbols symbols)
        {
            if (invocation.TargetMethod.IsStatic
                || invocation.Instance is not IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } instance
                || instance.Type is not INamedTypeSymbol { TypeKind: TypeKind.Class } and not INamedTypeSymbol { TypeKind: TypeKind.Struct, IsReadOnly: true })
            {
                return ImmutableArray<ISymbol>.Empty;
            }

            var body = CompletionFlow.FunctionBody(invocation);
            var fields = ImmutableArray.CreateBuilder<ISymbol>();
            foreach (var operation in body.Descendants())
            {
                if (operation.Parent is not IArgumentOperation && FlagOf(operation) is IFieldSymbol field && !fields.Contains(field, SymbolEqualityComparer.Default))
                {
                    fields.Add(field);
                }
            }

            if (fields.Count == 0 || CompletionFlow.GraphOf(invocation) is not { } graph)
            {
                return ImmutableArray<ISymbol>.Empty;
            }

            var spotBlock = -1;
            foreach (var block in graph.Blocks)
            {
                foreach (var operation in CompletionFlow.BlockOperations(block))
                {
                    foreach (var descendant in operation.DescendantsAndSelf())
                    {
                        if (descendant.Kind == OperationKind.Invocation && descendant.Syntax == invocation.Syntax)
                        {
                            spotBlock = block.Ordinal;
                        }
                    }
                }
            }

            if (spotBlock < 0)
            {
                return ImmutableArray<ISymbol>.Empty;
            }

            var result = ImmutableArray.CreateBuilder<ISymbol>();
            foreach (var field in fields)
            {
                if (!ReachableBlocks(graph, ImmutableArray.Create(field), flagsTrue: true, endAtNeverReturning: symbols)[spotBlock])
                {
                    result.Add(field);
                }
            }

            return result.ToImmutable();
        }

        private static bool CallsNeverReturning(BasicBlock block, KnownSymbols symbols)
        {
            foreach (var operation in block.Operations)
            {
                var statement = operation is IExpressionStatementOperation expression ? expression.Operation : operation;
                if (statement is IInvocationOperation invocation && CalleeBodies.NeverReturns(invocation.TargetMethod, symbols))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A method a proof may start at: task-like, with a body a call binds to statically, or virtual or abstract (its
        /// bodies are then those of <see cref="CalleeBodies.ImplementationsOf"/>; only the symbols are asked here).
        /// </summary>
        private static bool IsCandidate(IMethodSymbol method, KnownSymbols symbols)
            => symbols.IsTaskLike(method.ReturnType)
                && (CalleeBodies.CanLookInto(method, symbols.Compilation) || method.IsVirtual || method.IsAbstract || method.IsOverride);

        /// <summary>
        /// The bodies a call entering <paramref name="root"/> may run, each with the same flags false: the method's own, or,
        /// for a virtual or abstract method whose every override is in this compilation, its body and each override's
        /// (<c>PgConverter.ReadAsObject(async: false, ..)</c>, internal abstract, with four overrides). Default when some
        /// body may be elsewhere.
        /// </summary>
        private static ImmutableArray<Key> Entries(Key root, KnownSymbols symbols)
        {
            if (CalleeBodies.CanLookInto(root.Method, symbols.Compilation))
            {
                return ImmutableArray.Create(root);
            }

            var implementations = CalleeBodies.ImplementationsOf(root.Method, symbols.Compilation);
            if (implementations.IsDefault)
            {
                return default;
            }

            var entries = ImmutableArray.CreateBuilder<Key>(implementations.Length);
            foreach (var implementation in implementations)
            {
                var flags = ImmutableArray.CreateBuilder<ISymbol>(root.FalseParameters.Length);
                foreach (var flag in root.FalseParameters)
                {
                    if (flag is not IParameterSymbol parameter)
                    {
                        flags.Add(flag);
                    }
                    else if (parameter.Ordinal < implementation.Parameters.Length)
                    {
                        flags.Add(implementation.Parameters[parameter.Ordinal]);
                    }
                    else
                    {
                        return default;
                    }
                }

                entries.Add(new Key(implementation, flags.MoveToImmutable()));
            }

            return entries.MoveToImmutable();
        }

        /// <summary>
        /// Proven when no sync path reachable from <paramref name="roots"/> (through the calls each one awaits with the flag)
        /// awaits anything else. A cycle (A(false) awaits B(false), which awaits A(false)) proves nothing against it: each call
        /// that returns has run its own sync path, by induction on the calls made. The answer depends on the root alone (the
        /// set of bodies it reaches, and whether that set is within <see cref="MaxBodies"/>), never on what was asked before.
        /// </summary>
        private static bool Prove(ImmutableArray<Key> roots, KnownSymbols symbols)
        {
            if (roots.IsDefaultOrEmpty || roots.Length > MaxBodies)
            {
                return false;
            }

            var local = CalleeBodies.For(symbols.Compilation).DualPathBodies;
            var seen = new HashSet<Key>(roots);
            var pending = new Queue<Key>(roots);
            while (pending.Count > 0)
            {
                var key = pending.Dequeue();
                var callees = local.GetOrAdd(key, k => SyncPathCallees(k, symbols));
                if (callees.IsDefault)
                {
                    return false;
                }

                foreach (var callee in callees)
                {
                    if (seen.Add(callee))
                    {
                        if (seen.Count > MaxBodies)
                        {
                            return false;
                        }

                        pending.Enqueue(callee);
                    }
                }
            }

            return true;
        }

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

        /// <summary>
        /// The bool parameters known false in the callee: those the call passes <c>false</c> (a constant, or a flag of the caller
        /// in <paramref name="knownFalse"/>), and, for a local function, the caller's flags in scope there (it reads them directly).
        /// </summary>
        private static ImmutableArray<ISymbol> FalseParameters(
            IInvocationOperation invocation, ImmutableArray<ISymbol> knownFalse, Dictionary<CaptureId, List<IOperation>>? captures = null)
        {
            var callee = invocation.TargetMethod.OriginalDefinition;
            var result = ImmutableArray.CreateBuilder<ISymbol>();
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter is { RefKind: RefKind.None, Type.SpecialType: SpecialType.System_Boolean, Ordinal: var ordinal }
                    && ordinal < callee.Parameters.Length
                    && IsKnownFalse(argument.Value, knownFalse, captures))
                {
                    result.Add(callee.Parameters[ordinal]);
                }
            }

            if (callee.MethodKind == MethodKind.LocalFunction)
            {
                foreach (var flag in knownFalse)
                {
                    if (IsInside(callee, flag.ContainingSymbol))
                    {
                        result.Add(flag);
                    }
                }
            }
            else if (!callee.IsStatic && invocation.Instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance })
            {
                // Another method of this same object reads the same readonly fields.
                foreach (var flag in knownFalse)
                {
                    if (flag is IFieldSymbol)
                    {
                        result.Add(flag);
                    }
                }
            }

            return result.ToImmutable();
        }

        private static bool IsInside(ISymbol symbol, ISymbol container)
        {
            for (var current = symbol.ContainingSymbol; current is not null; current = current.ContainingSymbol)
            {
                if (SymbolEqualityComparer.Default.Equals(current, container))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A constant <c>false</c> or a flag known false; in a graph, also a flow capture of one (an argument before one
        /// that holds a <c>?:</c> is captured first: <c>Write(async, writer.With(async ? a : b), ct)</c>).
        /// </summary>
        private static bool IsKnownFalse(IOperation value, ImmutableArray<ISymbol> knownFalse, Dictionary<CaptureId, List<IOperation>>? captures = null)
        {
            value = TaskPlace.Unwrap(value);
            if (value is IFlowCaptureReferenceOperation capture && captures is not null && captures.TryGetValue(capture.Id, out var values) && values.Count > 0)
            {
                foreach (var captured in values)
                {
                    if (!IsKnownFalse(captured, knownFalse))
                    {
                        return false;
                    }
                }

                return true;
            }

            return value.ConstantValue is { HasValue: true, Value: false }
                || (FlagOf(value) is { } flag && knownFalse.Contains(flag, SymbolEqualityComparer.Default));
        }

        /// <summary>
        /// What a flag can be: a parameter, or a readonly <c>bool</c> field read on <c>this</c> (npgsql's <c>NestedReadScope._async</c>),
        /// which keeps its value in every method of the object.
        /// </summary>
        private static ISymbol? FlagOf(IOperation value)
            => value switch
            {
                IParameterReferenceOperation reference => reference.Parameter,
                IFieldReferenceOperation { Field: { IsReadOnly: true, IsStatic: false, Type.SpecialType: SpecialType.System_Boolean } field, Instance: IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } }
                    => field.OriginalDefinition,
                _ => null,
            };

        /// <summary>A flag known false, not a constant: directly or through a flow capture.</summary>
        private static bool IsFlagKnownFalse(IOperation value, ImmutableArray<ISymbol> knownFalse, Dictionary<CaptureId, List<IOperation>> captures)
        {
            value = TaskPlace.Unwrap(value);
            if (value is IFlowCaptureReferenceOperation capture && captures.TryGetValue(capture.Id, out var values) && values.Count == 1)
            {
                value = TaskPlace.Unwrap(values[0]);
            }

            return FlagOf(value) is { } flag && knownFalse.Contains(flag, SymbolEqualityComparer.Default);
        }

        private static bool IsWritten(IOperation reference)
            => reference.Parent switch
            {
                IAssignmentOperation assignment => assignment.Target == reference,
                IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } => true,
                _ => false,
            };

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
                    if (endAtNeverReturning is not null && CallsNeverReturning(block, endAtNeverReturning))
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

        /// <summary>A method and which flags (its bool parameters, or a container's it reads) are false in it.</summary>
        internal readonly struct Key : IEquatable<Key>
        {
            public Key(IMethodSymbol method, ImmutableArray<ISymbol> falseParameters)
            {
                Method = method;
                FalseParameters = falseParameters;
            }

            public IMethodSymbol Method { get; }

            public ImmutableArray<ISymbol> FalseParameters { get; }

            public bool Equals(Key other)
            {
                if (!SymbolEqualityComparer.Default.Equals(Method, other.Method) || FalseParameters.Length != other.FalseParameters.Length)
                {
                    return false;
                }

                foreach (var parameter in FalseParameters)
                {
                    if (!other.FalseParameters.Contains(parameter, SymbolEqualityComparer.Default))
                    {
                        return false;
                    }
                }

                return true;
            }

            public override bool Equals(object? obj) => obj is Key other && Equals(other);

            public override int GetHashCode()
            {
                var hash = SymbolEqualityComparer.Default.GetHashCode(Method);
                foreach (var parameter in FalseParameters)
                {
                    hash ^= SymbolEqualityComparer.Default.GetHashCode(parameter) * 397;
                }

                return hash;
            }
        }

        /// <summary>Checks the awaited and returned values on the sync path; collects the callees handed the flag, to be proven next.</summary>
        private sealed class Proof
        {
            private readonly KnownSymbols symbols;
            private readonly ImmutableArray<ISymbol> falseParameters;
            private readonly Dictionary<CaptureId, List<IOperation>> captures;
            private readonly IEnumerable<IOperation> allOperations;
            private readonly IOperation? tree;
            private readonly ImmutableArray<Key>.Builder callees = ImmutableArray.CreateBuilder<Key>();
            private Dictionary<ILocalSymbol, List<IOperation>?>? localValues;
            private HashSet<ILocalSymbol>? localsBeingChecked;

            private readonly bool cachedOnly;

            public Proof(KnownSymbols symbols, ImmutableArray<ISymbol> falseParameters, bool cachedOnly, Dictionary<CaptureId, List<IOperation>> captures, IEnumerable<IOperation> allOperations, IOperation? tree)
            {
                this.cachedOnly = cachedOnly;
                this.tree = tree;
                this.symbols = symbols;
                this.falseParameters = falseParameters;
                this.captures = captures;
                this.allOperations = allOperations;
            }

            /// <summary>The calls handed the flag, each once.</summary>
            public ImmutableArray<Key> Callees => callees.ToImmutable();

            /// <summary>
            /// False when <paramref name="value"/> (awaited, or returned by a method that is not async) is not a finished task
            /// as far as this body shows; a call handed the flag passes here and is remembered. A local passes when every value
            /// the body ever assigns it passes (<c>var result = new ValueTask&lt;string&gt;(..); ..; return result;</c>).
            /// </summary>
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

                if (value is ILocalReferenceOperation { Local: var local })
                {
                    return AddLocal(local, isReturn);
                }

                // A method entered with no flag must hand out tasks that were finished before it ran (npgsql's TryRead():
                // static Task.FromResult fields, or null): a method that makes its task (Task.FromResult(42)) is a stand-in
                // for one that does real work, as a test double or the first version of an async API.
                if (cachedOnly)
                {
                    return isReturn
                        && ((value is IFieldReferenceOperation { Field: { IsStatic: true, IsReadOnly: true } field } && CompletedTasks.IsPrecompletedField(field, symbols))
                            || value.ConstantValue is { HasValue: true, Value: null });
                }

                if (CompletedTasks.IsCompletedFactory(value, symbols) || (isReturn && (CompletedTasks.IsFinishedValueTask(value, symbols) || value.ConstantValue is { HasValue: true, Value: null })))
                {
                    return true;
                }

                if (value is not IInvocationOperation { TargetMethod: var target } call || !symbols.IsTaskLike(target.ReturnType))
                {
                    return false;
                }

                var handed = FalseParameters(call, falseParameters, captures);
                if (handed.IsEmpty)
                {
                    return false;
                }

                if (!CalleeBodies.CanLookInto(target, symbols.Compilation))
                {
                    // A call whose body is not bound statically (virtual, abstract, an interface member, another assembly's)
                    // is trusted when this dual-path body hands it its own flag: the same convention, one level down. A
                    // constant false proves nothing about such a callee. A virtual method's own body, when there is one
                    // here, is still read: what it does on its sync path is caught; its overrides are trusted.
                    if (!HandsOnFlag(call))
                    {
                        return false;
                    }

                    if (!CalleeBodies.CanLookInto(target, symbols.Compilation, declared: true))
                    {
                        return true;
                    }
                }

                var key = new Key(target.OriginalDefinition, handed);
                if (!callees.Contains(key))
                {
                    callees.Add(key);
                }

                return true;
            }

            /// <summary>True when some bool argument of <paramref name="call"/> is a flag of this body known false (not a constant).</summary>
            private bool HandsOnFlag(IInvocationOperation call)
            {
                foreach (var argument in call.Arguments)
                {
                    if (argument.Parameter is { RefKind: RefKind.None, Type.SpecialType: SpecialType.System_Boolean }
                        && IsFlagKnownFalse(argument.Value, falseParameters, captures))
                    {
                        return true;
                    }
                }

                return false;
            }

            private bool AddLocal(ILocalSymbol local, bool isReturn)
            {
                localValues ??= LocalValues();
                if (!localValues.TryGetValue(local, out var values) || values is null)
                {
                    return false;
                }

                localsBeingChecked ??= new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
                if (!localsBeingChecked.Add(local))
                {
                    return false;
                }

                var all = true;
                foreach (var assigned in values)
                {
                    if (!Add(assigned, isReturn))
                    {
                        all = false;
                        break;
                    }
                }

                localsBeingChecked.Remove(local);
                return all;
            }

            /// <summary>
            /// Per local of the body, every value assigned to it; null for a local also written another way (ref, out, compound,
            /// or by a lambda or local function, whose bodies a graph does not hold: those are read in the <see cref="tree"/>).
            /// </summary>
            private Dictionary<ILocalSymbol, List<IOperation>?> LocalValues()
            {
                var result = new Dictionary<ILocalSymbol, List<IOperation>?>(SymbolEqualityComparer.Default);
                foreach (var operation in allOperations)
                {
                    Collect(result, operation);
                }

                if (tree is not null)
                {
                    var nested = new Dictionary<ILocalSymbol, List<IOperation>?>(SymbolEqualityComparer.Default);
                    foreach (var operation in tree.Descendants())
                    {
                        if (IsInNestedFunction(operation, tree))
                        {
                            Collect(nested, operation);
                        }
                    }

                    foreach (var local in nested.Keys)
                    {
                        result[local] = null;
                    }
                }

                return result;
            }

            private static bool IsInNestedFunction(IOperation operation, IOperation root)
            {
                for (var current = operation.Parent; current is not null && current != root; current = current.Parent)
                {
                    if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
                    {
                        return true;
                    }
                }

                return false;
            }

            private static void Collect(Dictionary<ILocalSymbol, List<IOperation>?> result, IOperation operation)
            {
                switch (operation)
                {
                    case ISimpleAssignmentOperation { Target: ILocalReferenceOperation { Local: var local } } assignment:
                        Record(result, local, assignment.Value);
                        break;
                    case IVariableDeclaratorOperation { Symbol: var local, Initializer: { } initializer }:
                        Record(result, local, initializer.Value);
                        break;
                    case IAssignmentOperation { Target: ILocalReferenceOperation { Local: var local } }:
                        result[local] = null;
                        break;
                    case IArgumentOperation { Parameter.RefKind: not RefKind.None, Value: ILocalReferenceOperation { Local: var local } }:
                        result[local] = null;
                        break;
                    case IDeconstructionAssignmentOperation deconstruction:
                        foreach (var target in deconstruction.Target.DescendantsAndSelf())
                        {
                            if (target is ILocalReferenceOperation { Local: var local })
                            {
                                result[local] = null;
                            }
                        }

                        break;
                }
            }

            private static void Record(Dictionary<ILocalSymbol, List<IOperation>?> values, ILocalSymbol local, IOperation value)
            {
                if (!values.TryGetValue(local, out var list))
                {
                    values[local] = list = new List<IOperation>();
                }

                list?.Add(value);
            }
        }
    }
}
