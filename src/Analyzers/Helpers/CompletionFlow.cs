using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
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
    internal static class CompletionFlow
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

        /// <summary>What <paramref name="condition"/> says about the task in <paramref name="place"/>.</summary>
        internal static Polarity Asserts(IOperation condition, TaskPlace place, KnownSymbols symbols, Func<IOperation, IOperation>? resolve, bool lookIntoHelpers)
        {
            var value = Resolve(condition, resolve);
            switch (value)
            {
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                    return Flip(Asserts(not.Operand, place, symbols, resolve, lookIntoHelpers));

                case IPropertyReferenceOperation { Property.Name: "IsCompleted" or "IsCompletedSuccessfully" or "IsFaulted" or "IsCanceled", Instance: { } instance } property:
                    return symbols.IsTaskLike(property.Property.ContainingType) && place.Matches(instance, resolve) ? Polarity.WhenTrue : Polarity.None;

                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } both:
                    return Asserts(both.LeftOperand, place, symbols, resolve, lookIntoHelpers) == Polarity.WhenTrue
                        || Asserts(both.RightOperand, place, symbols, resolve, lookIntoHelpers) == Polarity.WhenTrue
                        ? Polarity.WhenTrue
                        : Polarity.None;

                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr } either:
                    return Asserts(either.LeftOperand, place, symbols, resolve, lookIntoHelpers) == Polarity.WhenFalse
                        || Asserts(either.RightOperand, place, symbols, resolve, lookIntoHelpers) == Polarity.WhenFalse
                        ? Polarity.WhenFalse
                        : Polarity.None;

                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison:
                    if ((IsStatusOf(comparison.LeftOperand, place, resolve) && IsFinalStatus(comparison.RightOperand, symbols, resolve))
                        || (IsStatusOf(comparison.RightOperand, place, resolve) && IsFinalStatus(comparison.LeftOperand, symbols, resolve)))
                    {
                        return comparison.OperatorKind == BinaryOperatorKind.Equals ? Polarity.WhenTrue : Polarity.WhenFalse;
                    }

                    return Polarity.None;

                case IIsPatternOperation pattern when IsStatusOf(pattern.Value, place, resolve):
                    return PatternPolarity(pattern.Pattern, symbols, resolve);

                case IInvocationOperation invocation when invocation.TargetMethod.ReturnType.SpecialType == SpecialType.System_Boolean:
                    return IsBoundedWaitOn(invocation, place, symbols, resolve)
                        || (lookIntoHelpers && IsAssertingHelperCall(invocation, place, symbols, resolve))
                        ? Polarity.WhenTrue
                        : Polarity.None;

                default:
                    return Polarity.None;
            }
        }

        private static Polarity Flip(Polarity polarity)
            => polarity switch { Polarity.WhenTrue => Polarity.WhenFalse, Polarity.WhenFalse => Polarity.WhenTrue, _ => Polarity.None };

        private static Polarity PatternPolarity(IPatternOperation pattern, KnownSymbols symbols, Func<IOperation, IOperation>? resolve)
        {
            switch (pattern)
            {
                case IConstantPatternOperation constant:
                    return IsFinalStatus(constant.Value, symbols, resolve) ? Polarity.WhenTrue : Polarity.None;
                case INegatedPatternOperation negated:
                    return Flip(PatternPolarity(negated.Pattern, symbols, resolve));
                case IBinaryPatternOperation { OperatorKind: BinaryOperatorKind.Or } or:
                    return PatternPolarity(or.LeftPattern, symbols, resolve) == Polarity.WhenTrue && PatternPolarity(or.RightPattern, symbols, resolve) == Polarity.WhenTrue
                        ? Polarity.WhenTrue
                        : Polarity.None;
                default:
                    return Polarity.None;
            }
        }

        private static bool IsStatusOf(IOperation operation, TaskPlace place, Func<IOperation, IOperation>? resolve)
            => Resolve(operation, resolve) is IPropertyReferenceOperation { Property.Name: "Status", Instance: { } instance } && place.Matches(instance, resolve);

        /// <summary><c>TaskStatus.RanToCompletion</c>, <c>Faulted</c> or <c>Canceled</c>: a task with that status is complete.</summary>
        private static bool IsFinalStatus(IOperation operation, KnownSymbols symbols, Func<IOperation, IOperation>? resolve)
            => Resolve(operation, resolve) is IFieldReferenceOperation { Field: { Name: "RanToCompletion" or "Faulted" or "Canceled" } field }
                && SymbolEqualityComparer.Default.Equals(field.ContainingType, symbols.TaskStatus);

        /// <summary><c>t.Wait(timeout)</c>: true means the task finished in time.</summary>
        private static bool IsBoundedWaitOn(IInvocationOperation invocation, TaskPlace place, KnownSymbols symbols, Func<IOperation, IOperation>? resolve)
            => invocation.TargetMethod is { Name: "Wait", IsStatic: false } method
                && symbols.IsTaskOrDerived(method.ContainingType)
                && place.Matches(invocation.Instance, resolve);

        private static bool IsAssertingHelperCall(IInvocationOperation invocation, TaskPlace place, KnownSymbols symbols, Func<IOperation, IOperation>? resolve)
        {
            foreach (var argument in invocation.Arguments)
            {
                // The cheap test first: the task must be an argument before the helper's body is worth reading.
                if (argument.Parameter is { } parameter && place.Matches(argument.Value, resolve)
                    && CalleeBodies.CompletionAssertedParameter(invocation.TargetMethod, symbols) == parameter.Ordinal)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary><c>await t</c>, <c>await t.ConfigureAwait(..)</c>, <c>await Task.WhenAll(.., t, ..)</c>; for a collection, <c>await Task.WhenAll(tasks)</c>.</summary>
        internal static bool AwaitsPlace(IAwaitOperation awaitOperation, TaskPlace place, KnownSymbols symbols, Func<IOperation, IOperation>? resolve)
        {
            var awaited = WithoutConfigureAwait(Resolve(awaitOperation.Operation, resolve), resolve);
            if (!place.IsCollection && place.Matches(awaited, resolve))
            {
                return true;
            }

            if (awaited is not IInvocationOperation { TargetMethod: { Name: "WhenAll", IsStatic: true } whenAll } invocation || !symbols.IsTask(whenAll.ContainingType))
            {
                return false;
            }

            foreach (var argument in invocation.Arguments)
            {
                if (place.IsCollection)
                {
                    if (place.Matches(argument.Value, resolve))
                    {
                        return true;
                    }

                    continue;
                }

                var elements = Resolve(argument.Value, resolve) is IArrayCreationOperation { Initializer: { } initializer }
                    ? (IEnumerable<IOperation>)initializer.ElementValues
                    : argument.Value.ChildOperations;
                foreach (var element in elements)
                {
                    if (place.Matches(element, resolve))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary><c>t.Wait()</c>, <c>t.Wait(token)</c> or <c>t.GetAwaiter().GetResult()</c>: it returns only once the task is complete.</summary>
        private static bool IsUnboundedWaitOn(IInvocationOperation invocation, TaskPlace place, KnownSymbols symbols, Func<IOperation, IOperation>? resolve)
        {
            switch (invocation.TargetMethod.Name)
            {
                case "Wait" when invocation.TargetMethod.ReturnsVoid:
                    return IsBoundedWaitOn(invocation, place, symbols, resolve);
                case "GetResult" when invocation.TargetMethod.Parameters.IsEmpty
                    && invocation.Instance is { } awaiter
                    && Resolve(awaiter, resolve) is IInvocationOperation { TargetMethod.Name: "GetAwaiter", Instance: { } awaitable }:
                    var task = WithoutConfigureAwait(Resolve(awaitable, resolve), resolve);
                    return (symbols.IsTaskLike(task.Type) || symbols.IsConfiguredTaskAwaitable(task.Type)) && place.Matches(task, resolve);
                default:
                    return false;
            }
        }

        /// <summary><c>t.ConfigureAwait(..)</c> is <c>t</c> (flow captures resolved with <paramref name="resolve"/>, when given).</summary>
        internal static IOperation WithoutConfigureAwait(IOperation operation, Func<IOperation, IOperation>? resolve)
            => operation is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } instance } ? Resolve(instance, resolve) : operation;

        private static IOperation Resolve(IOperation operation, Func<IOperation, IOperation>? resolve)
        {
            var current = TaskPlace.Unwrap(operation);
            return resolve is null ? current : TaskPlace.Unwrap(resolve(current));
        }

        // ---- The cheap questions asked before any graph is built -------------------------------------------------------

        /// <summary>
        /// True when the function shows, before the spot, something that can prove the task complete: an await of it, a wait
        /// on it, a completion test on it, a call it is passed to that returns <c>bool</c>, or an assignment of a finished task.
        /// Without one the graph cannot prove anything, so it is never built.
        /// </summary>
        private static bool HasEvidenceBefore(TaskPlace place, IOperation body, IOperation spot, KnownSymbols symbols)
        {
            var end = spot.Syntax.SpanStart;
            foreach (var operation in body.Descendants())
            {
                if (operation.Syntax.SpanStart >= end)
                {
                    continue;
                }

                switch (operation)
                {
                    case IAwaitOperation awaitOperation when place.AwaitsProve && AwaitsPlace(awaitOperation, place, symbols, resolve: null):
                        return true;
                    case IPropertyReferenceOperation { Property.Name: "IsCompleted" or "IsCompletedSuccessfully" or "IsFaulted" or "IsCanceled" or "Status", Instance: { } instance }
                        when !place.IsCollection && place.Matches(instance):
                        return true;
                    case IInvocationOperation invocation when !place.IsCollection && IsEvidenceCall(invocation, place):
                        return true;
                    case ISimpleAssignmentOperation assignment when !place.IsCollection && place.Matches(assignment.Target) && MayBeCompleteValue(assignment.Value, symbols):
                        return true;
                    case IVariableDeclaratorOperation { Initializer: { } initializer } declarator
                        when !place.IsCollection && place.Members.IsEmpty && SymbolEqualityComparer.Default.Equals(declarator.Symbol, place.Root) && MayBeCompleteValue(initializer.Value, symbols):
                        return true;
                }
            }

            return false;
        }

        private static bool IsEvidenceCall(IInvocationOperation invocation, TaskPlace place)
        {
            if (invocation.TargetMethod.Name is "Wait" or "GetAwaiter" && place.Matches(invocation.Instance))
            {
                return true;
            }

            if (invocation.TargetMethod.ReturnType.SpecialType != SpecialType.System_Boolean)
            {
                return false;
            }

            foreach (var argument in invocation.Arguments)
            {
                if (place.Matches(argument.Value))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A value that may be a finished task, on a syntactic look: the full test is <see cref="IsCompleteValue"/>.</summary>
        private static bool MayBeCompleteValue(IOperation value, KnownSymbols symbols)
        {
            value = TaskPlace.Unwrap(value);
            return CompletedTasks.IsCompletedFactory(value, symbols) || CompletedTasks.IsAwaitedWhenAny(value, symbols) || DualPathCalls.MayEnterSyncPath(value);
        }

        private static bool IsCompleteValue(IOperation value, KnownSymbols symbols)
        {
            value = TaskPlace.Unwrap(value);
            return CompletedTasks.IsCompletedFactory(value, symbols)
                || CompletedTasks.IsAwaitedWhenAny(value, symbols)
                || (value is IInvocationOperation invocation && DualPathCalls.CompletesSynchronously(invocation, symbols));
        }

        /// <summary>
        /// True when the place may be written by code that runs at any time relative to the spot: inside a lambda or local
        /// function other than the spot's own function, or (for a captured variable) by the function around it.
        /// </summary>
        private static bool IsWrittenOutside(TaskPlace place, IOperation body)
        {
            var root = body;
            while (root.Parent is { } parent)
            {
                root = parent;
            }

            foreach (var operation in root.Descendants())
            {
                if (place.IsWrittenBy(operation) && FunctionBody(operation) != body)
                {
                    return true;
                }
            }

            return false;
        }

        // ---- The graph ---------------------------------------------------------------------------------------------------

        /// <summary>The control-flow graph of the function that runs <paramref name="spot"/> (a lambda's or local function's own graph).</summary>
        internal static ControlFlowGraph? GraphOf(IOperation spot)
        {
            var functions = new List<IOperation>();
            var root = spot;
            for (var current = spot.Parent; current is not null; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    functions.Add(current);
                }

                root = current;
            }

            var graph = GraphOfRoot(root);
            for (var i = functions.Count - 1; i >= 0 && graph is not null; i--)
            {
                graph = functions[i] switch
                {
                    ILocalFunctionOperation local when graph.LocalFunctions.Contains(local.Symbol) => graph.GetLocalFunctionControlFlowGraph(local.Symbol),
                    IAnonymousFunctionOperation lambda when FindLambda(graph, lambda.Symbol) is { } flowLambda => graph.GetAnonymousFunctionControlFlowGraph(flowLambda),
                    _ => null,
                };
            }

            return graph;
        }

        /// <summary>The graph of an operation block's root, built once per root (shared by every question asked about it).</summary>
        internal static ControlFlowGraph? GraphOfRoot(IOperation root)
            => RootGraphs.GetValue(root, r => new GraphBox(CreateGraph(r))).Graph;

        private static ControlFlowGraph? CreateGraph(IOperation root)
        {
            if (root.SemanticModel is null)
            {
                return null;
            }

            return root switch
            {
                IMethodBodyOperation method => ControlFlowGraph.Create(method),
                IConstructorBodyOperation constructor => ControlFlowGraph.Create(constructor),
                IBlockOperation block => ControlFlowGraph.Create(block),
                IFieldInitializerOperation field => ControlFlowGraph.Create(field),
                IPropertyInitializerOperation property => ControlFlowGraph.Create(property),
                IParameterInitializerOperation parameter => ControlFlowGraph.Create(parameter),
                _ => null,
            };
        }

        private static IFlowAnonymousFunctionOperation? FindLambda(ControlFlowGraph graph, IMethodSymbol symbol)
        {
            foreach (var block in graph.Blocks)
            {
                foreach (var operation in BlockOperations(block))
                {
                    foreach (var descendant in operation.DescendantsAndSelf())
                    {
                        if (descendant is IFlowAnonymousFunctionOperation lambda && SymbolEqualityComparer.Default.Equals(lambda.Symbol, symbol))
                        {
                            return lambda;
                        }
                    }
                }
            }

            return null;
        }

        /// <summary>The block's operations, then its branch value, in the order they run.</summary>
        internal static IEnumerable<IOperation> BlockOperations(BasicBlock block)
        {
            foreach (var operation in block.Operations)
            {
                yield return operation;
            }

            if (block.BranchValue is { } branchValue)
            {
                yield return branchValue;
            }
        }

        private sealed class GraphBox
        {
            public GraphBox(ControlFlowGraph? graph) => Graph = graph;

            public ControlFlowGraph? Graph { get; }
        }

        /// <summary>One graph's flow captures and, per place, the solved state at the start of each block.</summary>
        private sealed class GraphFacts
        {
            private readonly ControlFlowGraph graph;
            private readonly ConcurrentDictionary<TaskPlace, bool[]> solutions = new();
            private readonly Dictionary<CaptureId, IOperation?> captures = new();
            private readonly Func<IOperation, IOperation> resolve;

            public GraphFacts(ControlFlowGraph graph)
            {
                this.graph = graph;
                foreach (var block in graph.Blocks)
                {
                    foreach (var operation in BlockOperations(block))
                    {
                        foreach (var descendant in operation.DescendantsAndSelf())
                        {
                            if (descendant is IFlowCaptureOperation capture)
                            {
                                // A capture written on two paths (a ?: result) has no single value.
                                captures[capture.Id] = captures.ContainsKey(capture.Id) ? null : capture.Value;
                            }
                        }
                    }
                }

                var statusLocals = StatusLocals(graph);
                resolve = operation =>
                {
                    for (var i = 0; i < 4; i++)
                    {
                        if (operation is IFlowCaptureReferenceOperation reference && captures.TryGetValue(reference.Id, out var value) && value is not null)
                        {
                            operation = TaskPlace.Unwrap(value);
                        }
                        else if (operation is ILocalReferenceOperation local && statusLocals is not null && statusLocals.TryGetValue(local.Local, out var status))
                        {
                            operation = status;
                        }
                        else
                        {
                            break;
                        }
                    }

                    return operation;
                };
            }

            /// <summary>
            /// Locals that hold a task's status, <c>TaskStatus status = task.Status; switch (status) ..</c>: declared in this
            /// function from the <c>Status</c> of a place and never written again, here or in a lambda or local function, while
            /// the place is never written (so the status still describes that task).
            /// </summary>
            private static Dictionary<ILocalSymbol, IOperation>? StatusLocals(ControlFlowGraph graph)
            {
                Dictionary<ILocalSymbol, IOperation?>? candidates = null;
                var places = new List<TaskPlace>();
                var hasNestedFunctions = !graph.LocalFunctions.IsEmpty;
                foreach (var block in graph.Blocks)
                {
                    foreach (var operation in BlockOperations(block))
                    {
                        foreach (var descendant in operation.DescendantsAndSelf())
                        {
                            hasNestedFunctions |= descendant is IFlowAnonymousFunctionOperation;
                            if (descendant is IAssignmentOperation { Target: ILocalReferenceOperation { Local: var local } target } assignment)
                            {
                                candidates ??= new Dictionary<ILocalSymbol, IOperation?>(SymbolEqualityComparer.Default);
                                var value = TaskPlace.Unwrap(assignment.Value);
                                IOperation? status = null;
                                if (assignment is ISimpleAssignmentOperation && target.IsDeclaration
                                    && value is IPropertyReferenceOperation { Property.Name: "Status", Instance: { } instance }
                                    && TaskPlace.Of(instance) is { } place)
                                {
                                    places.Add(place);
                                    status = value;
                                }

                                candidates[local] = candidates.ContainsKey(local) ? null : status;
                            }
                            else if (descendant is IArgumentOperation { Parameter.RefKind: not RefKind.None, Value: ILocalReferenceOperation { Local: var passed } })
                            {
                                candidates ??= new Dictionary<ILocalSymbol, IOperation?>(SymbolEqualityComparer.Default);
                                candidates[passed] = null;
                            }
                        }
                    }
                }

                if (candidates is null || places.Count == 0)
                {
                    return null;
                }

                // A status says nothing about a task that was replaced after it was read.
                foreach (var block in graph.Blocks)
                {
                    foreach (var operation in BlockOperations(block))
                    {
                        foreach (var descendant in operation.DescendantsAndSelf())
                        {
                            foreach (var place in places)
                            {
                                if (place.IsWrittenBy(descendant))
                                {
                                    return null;
                                }
                            }
                        }
                    }
                }

                // Nor does a local a lambda or local function may write. Their bodies are not in this graph: read them in the
                // operation tree (a lambda's own graph has no tree to read, so there any nested function rules this out).
                if (hasNestedFunctions)
                {
                    if (graph.OriginalOperation is IFlowAnonymousFunctionOperation or IAnonymousFunctionOperation or ILocalFunctionOperation)
                    {
                        return null;
                    }

                    foreach (var descendant in graph.OriginalOperation.Descendants())
                    {
                        if (descendant is IAssignmentOperation { Target: ILocalReferenceOperation { Local: var written } } && candidates.ContainsKey(written))
                        {
                            candidates[written] = null;
                        }
                        else if (descendant is IArgumentOperation { Parameter.RefKind: not RefKind.None, Value: ILocalReferenceOperation { Local: var passed } } && candidates.ContainsKey(passed))
                        {
                            candidates[passed] = null;
                        }
                    }
                }

                var statusLocals = new Dictionary<ILocalSymbol, IOperation>(SymbolEqualityComparer.Default);
                foreach (var pair in candidates)
                {
                    if (pair.Value is { } status)
                    {
                        statusLocals[pair.Key] = status;
                    }
                }

                return statusLocals;
            }

            public bool IsCompleteAt(TaskPlace place, IOperation spot, KnownSymbols symbols)
            {
                var entryStates = solutions.GetOrAdd(place, p => Solve(p, symbols));
                foreach (var block in graph.Blocks)
                {
                    if (!block.IsReachable)
                    {
                        continue;
                    }

                    var state = entryStates[block.Ordinal];
                    foreach (var operation in BlockOperations(block))
                    {
                        if (Contains(operation, spot))
                        {
                            Walk(operation, ref state, place, symbols, spot);
                            return state;
                        }

                        Walk(operation, ref state, place, symbols, stop: null);
                    }
                }

                return false;
            }

            private static bool Contains(IOperation operation, IOperation spot)
            {
                foreach (var descendant in operation.DescendantsAndSelf())
                {
                    if (descendant.Syntax == spot.Syntax && descendant.Kind == spot.Kind)
                    {
                        return true;
                    }
                }

                return false;
            }

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

                return CallsNeverReturning(block, symbols);
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
                        return CallsNeverReturning(block, symbols);
                    }

                    if (region.Kind is ControlFlowRegionKind.Try or ControlFlowRegionKind.Finally)
                    {
                        return false;
                    }
                }

                return false;
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
