using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncRules.Analyzers.Helpers
{
    /// <summary>
    /// Dual-path methods: one async method serves both the sync and the async API, chosen by a flag
    /// (<c>Task&lt;int&gt; Fill(bool async, CancellationToken ct)</c>, the way npgsql, SqlClient and the BCL's streams are written).
    /// The sync API calls it with <c>false</c> and waits on the finished task, so the branch it takes is sync code by design:
    /// <c>if (async) await s.ReadAsync(b, ct); else s.Read(b);</c>. A branch of an <c>if</c>/<c>else</c> or <c>?:</c> is such a
    /// <b>sync branch</b> when it awaits nothing while the other branch awaits, and either
    /// <list type="bullet">
    /// <item>the condition is a <c>bool</c> parameter or a <c>readonly</c> bool field, or its negation (the flag), or</item>
    /// <item>the other branch awaits the async counterpart of this very call (<c>r.Read()</c> against <c>await r.ReadAsync(..)</c>
    /// on the same receiver; <c>Thread.Sleep</c> against <c>await Task.Delay</c>): a deliberate choice of the sync form.</item>
    /// </list>
    /// Code after the conditional (the shared path) is not a branch and stays async code. The early-exit form
    /// (<c>if (!async) { x.Flush(); return; } await x.FlushAsync(ct);</c>) is not recognised: real dual-path code writes
    /// <c>if</c>/<c>else</c> or <c>?:</c> in async methods, and the early exit only in non-async methods that return the task.
    /// </summary>
    internal static partial class DualPathBranches
    {
        /// <summary>
        /// True when <paramref name="operation"/> sits in a sync branch (see the type) of a conditional inside its own function.
        /// Asked only for a rule's candidate, after its cheaper checks: it walks up to the enclosing function, and only a
        /// conditional with both branches costs more (a walk of its branches, looking for awaits).
        /// </summary>
        public static bool IsInSyncBranch(IOperation operation)
        {
            var child = operation;
            for (var current = operation.Parent; current is not null; child = current, current = current.Parent)
            {
                switch (current)
                {
                    case IAnonymousFunctionOperation or ILocalFunctionOperation:
                        return false; // a nested function is a body of its own; the branches around it do not decide for it
                    case IConditionalOperation { WhenFalse: { } whenFalse } conditional
                        when ReferenceEquals(child, conditional.WhenTrue) || ReferenceEquals(child, whenFalse):
                        var other = ReferenceEquals(child, whenFalse) ? conditional.WhenTrue : whenFalse;
                        if (IsSyncBranch(conditional.Condition, child, other, operation))
                        {
                            return true;
                        }

                        break;
                }
            }

            return false;
        }

        private static bool IsSyncBranch(IOperation condition, IOperation branch, IOperation other, IOperation spot)
        {
            if (IsFlag(condition))
            {
                return ContainsAwait(other) && !ContainsAwait(branch);
            }

            return spot is IInvocationOperation call && AwaitsCounterpart(other, call) && !ContainsAwait(branch);
        }

        /// <summary>A <c>bool</c> parameter or <c>readonly</c> bool field, or its negation: a flag the caller fixes for the whole call.</summary>
        private static bool IsFlag(IOperation condition) => FlagReference(condition, out _) is not null;

        /// <summary>
        /// The flag's reference in <paramref name="condition"/> (see <see cref="IsFlag"/>), under any number of <c>!</c>;
        /// <paramref name="negated"/> says whether the condition is true when the flag is false.
        /// </summary>
        private static IOperation? FlagReference(IOperation condition, out bool negated)
        {
            negated = false;
            while (true)
            {
                switch (condition)
                {
                    case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not, OperatorMethod: null } not:
                        negated = !negated;
                        condition = not.Operand;
                        continue;
                    case IConversionOperation { IsImplicit: true } conversion:
                        condition = conversion.Operand;
                        continue;
                    case IParameterReferenceOperation { Parameter: { Type.SpecialType: SpecialType.System_Boolean, RefKind: RefKind.None or RefKind.In } }:
                        return condition;
                    case IFieldReferenceOperation { Field: { IsReadOnly: true, Type.SpecialType: SpecialType.System_Boolean } }:
                        return condition;
                    default:
                        return null;
                }
            }
        }

        /// <summary>
        /// An <c>await</c>, <c>await foreach</c> or <c>await using</c> in <paramref name="branch"/>, not counting nested functions.
        /// Kept per branch while its operation tree lives: every candidate in a long sync branch asks about the same two branches.
        /// </summary>
        private static bool ContainsAwait(IOperation branch)
            => AwaitingBranches.GetValue(branch, static b => FindAwait(b) ? Yes : No) == Yes;

        private static readonly object Yes = new();
        private static readonly object No = new();
        private static readonly ConditionalWeakTable<IOperation, object> AwaitingBranches = new();

        private static bool FindAwait(IOperation branch)
        {
            foreach (var operation in Descendants(branch))
            {
                if (operation is IAwaitOperation
                    or IForEachLoopOperation { IsAsynchronous: true }
                    or IUsingOperation { IsAsynchronous: true }
                    or IUsingDeclarationOperation { IsAsynchronous: true })
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// True when <paramref name="branch"/> awaits the async form of <paramref name="call"/>: a method named like it plus
        /// <c>Async</c> on the same receiver (<c>await r.ReadAsync(ct)</c> for <c>r.Read()</c>), or <c>Task.Delay</c> for <c>Thread.Sleep</c>.
        /// </summary>
        private static bool AwaitsCounterpart(IOperation branch, IInvocationOperation call)
        {
            var method = call.TargetMethod;
            var isSleep = method is { Name: "Sleep", IsStatic: true, ContainingType: { Name: "Thread" } thread } && IsIn(thread, "System.Threading");
            foreach (var operation in Descendants(branch))
            {
                if (operation is not IAwaitOperation { Operation: var awaited } || Unwrap(awaited) is not IInvocationOperation asyncCall)
                {
                    continue;
                }

                var asyncMethod = asyncCall.TargetMethod;
                if (isSleep)
                {
                    if (asyncMethod is { Name: "Delay", IsStatic: true, ContainingType: { Name: "Task" } task } && IsIn(task, "System.Threading.Tasks"))
                    {
                        return true;
                    }

                    continue;
                }

                if (asyncMethod.Name.Length == method.Name.Length + 5
                    && asyncMethod.Name.StartsWith(method.Name, System.StringComparison.Ordinal)
                    && asyncMethod.Name.EndsWith("Async", System.StringComparison.Ordinal)
                    && asyncMethod.IsStatic == method.IsStatic
                    && SameReceiver(call, asyncCall))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsIn(INamedTypeSymbol type, string ns) => type.ContainingNamespace?.ToDisplayString() == ns;

        /// <summary>The awaited call itself, through <c>.ConfigureAwait(..)</c>, <c>.AsTask()</c> and implicit conversions.</summary>
        private static IOperation Unwrap(IOperation operation)
        {
            while (true)
            {
                switch (operation)
                {
                    case IConversionOperation { IsImplicit: true } conversion:
                        operation = conversion.Operand;
                        continue;
                    case IInvocationOperation { TargetMethod.Name: "ConfigureAwait" or "AsTask", Instance: { } instance }:
                        operation = instance;
                        continue;
                    default:
                        return operation;
                }
            }
        }

        private static bool SameReceiver(IInvocationOperation call, IInvocationOperation asyncCall)
        {
            if (call.TargetMethod.IsStatic && !call.TargetMethod.IsExtensionMethod)
            {
                return SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType, asyncCall.TargetMethod.ContainingType);
            }

            return SameValue(Receiver(call), Receiver(asyncCall));
        }

        /// <summary>The instance, or for an extension method called as one, its first argument.</summary>
        private static IOperation? Receiver(IInvocationOperation call)
            => call.Instance ?? (call.TargetMethod.IsExtensionMethod && call.Arguments.Length > 0 ? call.Arguments[0].Value : null);

        /// <summary>The same variable, or the same chain of fields and properties from one (<c>process.StandardOutput</c>, <c>this</c>).</summary>
        private static bool SameValue(IOperation? left, IOperation? right)
        {
            left = StripConversions(left);
            right = StripConversions(right);
            switch (left, right)
            {
                case (ILocalReferenceOperation a, ILocalReferenceOperation b):
                    return SymbolEqualityComparer.Default.Equals(a.Local, b.Local);
                case (IParameterReferenceOperation a, IParameterReferenceOperation b):
                    return SymbolEqualityComparer.Default.Equals(a.Parameter, b.Parameter);
                case (IInstanceReferenceOperation, IInstanceReferenceOperation):
                    return true;
                case (IFieldReferenceOperation a, IFieldReferenceOperation b):
                    return SymbolEqualityComparer.Default.Equals(a.Field, b.Field) && (a.Field.IsStatic || SameValue(a.Instance, b.Instance));
                case (IPropertyReferenceOperation a, IPropertyReferenceOperation b):
                    return a.Arguments.IsEmpty && b.Arguments.IsEmpty
                        && SymbolEqualityComparer.Default.Equals(a.Property, b.Property) && (a.Property.IsStatic || SameValue(a.Instance, b.Instance));
                default:
                    return false;
            }
        }

        private static IOperation? StripConversions(IOperation? operation)
            => operation is null ? null : OperationFacts.WithoutImplicitConversions(operation);

        /// <summary><paramref name="root"/> and everything under it, except the bodies of nested lambdas and local functions.</summary>
        private static System.Collections.Generic.IEnumerable<IOperation> Descendants(IOperation root)
        {
            var stack = new System.Collections.Generic.Stack<IOperation>();
            stack.Push(root);
            while (stack.Count > 0)
            {
                var operation = stack.Pop();
                yield return operation;
                foreach (var child in operation.ChildOperations)
                {
                    if (child is not (IAnonymousFunctionOperation or ILocalFunctionOperation))
                    {
                        stack.Push(child);
                    }
                }
            }
        }
    }
}
