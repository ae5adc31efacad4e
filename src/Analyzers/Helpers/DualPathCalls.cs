using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
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
    internal static partial class DualPathCalls
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
            // Proven once per compilation and flags entered: the answer holds at every call that enters the method so.
            return CalleeBodies.For(symbols.Compilation).DualPathAnswers
                .GetOrAdd(root, key => new Lazy<bool>(() => Prove(Entries(key, symbols), symbols))).Value;
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
                var callees = local.GetOrAdd(key, k => new Lazy<ImmutableArray<Key>>(() => SyncPathCallees(k, symbols))).Value;
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
    }
}
