using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncRules.Analyzers.Helpers
{
    /// <summary>
    /// Where a task is kept, so that two expressions can be recognised as the same task: a local or parameter, or a short
    /// chain of field and property reads (at most <see cref="MaxMembers"/>) rooted at <c>this</c>, a local or a parameter
    /// (<c>CommitedCallTask</c>, <c>this._task</c>, <c>_call.ResponseAsync</c>, <c>currentCall.CallTask</c>,
    /// <c>call.CallTask</c>). Two reads are the same place when they read the same root and the same members in the same
    /// order. A chain through a call, an indexer, a static member or any other expression is no place: nothing ties two
    /// reads of it to the same task.
    /// <para>
    /// What the proofs assume of a place, the same for every kind: a completion test on it is the author's own check and
    /// holds until this function assigns the place or any link on its way (the root local or parameter, a field or
    /// property of the chain, through <c>=</c>, a deconstruction or a <c>ref</c>/<c>out</c> argument), here or in a lambda
    /// or local function. A call between the test and the read that might replace a link (a method of the holder that
    /// resets its task), another thread, or an alias that writes the same object under another name, is not looked for:
    /// that holds as much for a field of <c>this</c> as for a member of a parameter, and such code is written with the
    /// test right before the read. An await or an unbounded wait proves more (it makes the task complete rather than
    /// observes it), so it is trusted only where every link is fixed once read: see <see cref="AwaitsProve"/>.
    /// </para>
    /// </summary>
    internal sealed class TaskPlace : IEquatable<TaskPlace>
    {
        /// <summary>The longest chain of members a place may have (<c>a.b.c.Task</c>); a longer one is no place.</summary>
        internal const int MaxMembers = 4;

        private TaskPlace(ISymbol? root, ImmutableArray<ISymbol> members, bool isCollection)
        {
            Root = root;
            Members = members;
            IsCollection = isCollection;
        }

        /// <summary>The local or parameter the place is, or its chain starts at; null for a chain that starts at <c>this</c>.</summary>
        public ISymbol? Root { get; }

        /// <summary>The fields and properties read from the root, outermost first; empty for a local or parameter itself.</summary>
        public ImmutableArray<ISymbol> Members { get; }

        /// <summary>True when the place holds a collection of tasks (awaited whole by <c>Task.WhenAll(tasks)</c>).</summary>
        public bool IsCollection { get; }

        /// <summary>
        /// Whether an <c>await</c> or an unbounded wait on this place proves it complete for later reads: yes for a local or
        /// parameter, and for a chain whose every link is a readonly field or a property without a setter; not when some link
        /// is a mutable field or a settable property, which another thread may replace at any moment. A guard
        /// (<c>IsCompleted</c>) is trusted on every place, as its author's own check.
        /// </summary>
        public bool AwaitsProve
        {
            get
            {
                foreach (var member in Members)
                {
                    if (member is not (IFieldSymbol { IsReadOnly: true } or IPropertySymbol { SetMethod: null }))
                    {
                        return false;
                    }
                }

                return true;
            }
        }

        /// <summary>The place of a local or parameter.</summary>
        public static TaskPlace ForVariable(ISymbol localOrParameter, bool isCollection = false)
            => new(localOrParameter, ImmutableArray<ISymbol>.Empty, isCollection);

        /// <summary>The place <paramref name="operation"/> reads, or null when it is not one (a call, another object's member...).</summary>
        public static TaskPlace? Of(IOperation operation, bool isCollection = false)
        {
            var current = Unwrap(operation);
            switch (current)
            {
                case ILocalReferenceOperation local:
                    return new TaskPlace(local.Local, ImmutableArray<ISymbol>.Empty, isCollection);
                case IParameterReferenceOperation parameter:
                    return new TaskPlace(parameter.Parameter, ImmutableArray<ISymbol>.Empty, isCollection);
            }

            // Most operations asked about are calls, not member reads: no builder for them.
            if (!Member(current, out _, out _))
            {
                return null;
            }

            var members = ImmutableArray.CreateBuilder<ISymbol>();
            while (Member(current, out var member, out var instance))
            {
                if (members.Count == MaxMembers)
                {
                    return null;
                }

                members.Insert(0, member);
                current = Unwrap(instance);
            }

            return current switch
            {
                IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } => new TaskPlace(null, members.ToImmutable(), isCollection),
                ILocalReferenceOperation local => new TaskPlace(local.Local, members.ToImmutable(), isCollection),
                IParameterReferenceOperation parameter => new TaskPlace(parameter.Parameter, members.ToImmutable(), isCollection),
                _ => null,
            };
        }

        /// <summary>True when <paramref name="operation"/> reads this place (flow captures resolved with <paramref name="resolve"/>).</summary>
        public bool Matches(IOperation? operation, Func<IOperation, IOperation>? resolve = null)
            => operation is not null && MatchesPrefix(operation, Members.Length, resolve);

        /// <summary>True when an assignment to <paramref name="target"/> replaces this place's task: the place itself or an object on its way.</summary>
        public bool IsReplacedBy(IOperation target, Func<IOperation, IOperation>? resolve = null)
        {
            for (var length = Members.Length; length >= 0; length--)
            {
                if ((length > 0 || Root is not null) && MatchesPrefix(target, length, resolve))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>True when the place is written through <paramref name="operation"/>: an assignment, a ref/out argument, a deconstruction.</summary>
        public bool IsWrittenBy(IOperation operation, Func<IOperation, IOperation>? resolve = null)
        {
            switch (operation)
            {
                case IDeconstructionAssignmentOperation deconstruction:
                    foreach (var target in deconstruction.Target.DescendantsAndSelf())
                    {
                        if (IsReplacedBy(target, resolve))
                        {
                            return true;
                        }
                    }

                    return false;
                case IAssignmentOperation assignment:
                    return IsReplacedBy(assignment.Target, resolve);
                case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } argument:
                    return IsReplacedBy(argument.Value, resolve);
                default:
                    return false;
            }
        }

        public bool Equals(TaskPlace? other)
        {
            if (other is null || IsCollection != other.IsCollection || !SymbolEqualityComparer.Default.Equals(Root, other.Root) || Members.Length != other.Members.Length)
            {
                return false;
            }

            for (var i = 0; i < Members.Length; i++)
            {
                if (!SymbolEqualityComparer.Default.Equals(Members[i], other.Members[i]))
                {
                    return false;
                }
            }

            return true;
        }

        public override bool Equals(object? obj) => Equals(obj as TaskPlace);

        public override int GetHashCode()
        {
            var hash = Root is null ? 17 : SymbolEqualityComparer.Default.GetHashCode(Root);
            foreach (var member in Members)
            {
                hash = (hash * 31) + SymbolEqualityComparer.Default.GetHashCode(member);
            }

            return IsCollection ? ~hash : hash;
        }

        private bool MatchesPrefix(IOperation operation, int length, Func<IOperation, IOperation>? resolve)
        {
            var current = Resolve(operation, resolve);
            for (var i = length - 1; i >= 0; i--)
            {
                if (!Member(current, out var member, out var instance) || !SymbolEqualityComparer.Default.Equals(member, Members[i]))
                {
                    return false;
                }

                current = Resolve(instance, resolve);
            }

            return Root switch
            {
                null => current is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance },
                ILocalSymbol local => current is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local),
                IParameterSymbol parameter => current is IParameterReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Parameter, parameter),
                _ => false,
            };
        }

        private static IOperation Resolve(IOperation operation, Func<IOperation, IOperation>? resolve)
        {
            var current = Unwrap(operation);
            return resolve is null ? current : Unwrap(resolve(current));
        }

        /// <summary>An instance field, or an instance property without arguments, read from some object.</summary>
        private static bool Member(IOperation operation, out ISymbol member, out IOperation instance)
        {
            switch (operation)
            {
                case IFieldReferenceOperation { Field.IsStatic: false, Instance: { } fieldInstance } field:
                    member = field.Field;
                    instance = fieldInstance;
                    return true;
                case IPropertyReferenceOperation { Property.IsStatic: false, Arguments.IsEmpty: true, Instance: { } propertyInstance } property:
                    member = property.Property;
                    instance = propertyInstance;
                    return true;
                default:
                    member = null!;
                    instance = null!;
                    return false;
            }
        }

        /// <summary>Without implicit, identity and reference conversions: <c>((Task&lt;T&gt;)task).Result</c> reads the same task as <c>task</c>.</summary>
        internal static IOperation Unwrap(IOperation operation)
        {
            while (operation is IConversionOperation { IsImplicit: true } or IConversionOperation { Conversion.IsIdentity: true } or IConversionOperation { Conversion.IsReference: true })
            {
                operation = ((IConversionOperation)operation).Operand;
            }

            return operation;
        }
    }
}
