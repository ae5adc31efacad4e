using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncRules.Analyzers.Helpers
{
    /// <summary>
    /// The async counterpart of a synchronous method (docs/rules/ASYNC031.md; also the CS4008 fix): a method named <c>MAsync</c>
    /// on the same type, a base type or an extension in scope, whose parameters are the same types in the same order (one
    /// extra trailing CancellationToken allowed), and which returns an awaitable whose result is what <c>M</c> returns
    /// (<c>void</c> ↔ Task/ValueTask; a parameter the method takes <c>in</c> may be taken by value). Never an <c>[Obsolete]</c>
    /// one, an inaccessible one, nor one that could bind back to the function the call sits in (an <c>MAsync</c> that calls
    /// <c>M</c> must not be told to call itself; <see cref="CouldBindBack"/>).
    /// </summary>
    internal static class AsyncCounterparts
    {
        /// <param name="containingFunction">Where the call is; no candidate that could bind back to it or to a function enclosing
        /// it is suggested (<see cref="CouldBindBack"/>, which needs <paramref name="call"/>).</param>
        /// <param name="call">The call, whose receiver decides whether a candidate could bind back to <paramref name="containingFunction"/>.</param>
        /// <param name="preferToken">With a token in scope, prefer the overload that takes one; otherwise the one that does not.</param>
        /// <param name="receiverType">For an extension method called as one, the type of the receiver as written (an
        /// <c>IQueryable&lt;T&gt;</c> whose <c>ToList</c> comes from <c>IEnumerable&lt;T&gt;</c>): its extensions are searched.</param>
        public static IMethodSymbol? Find(IMethodSymbol method, SemanticModel semanticModel, int position, KnownSymbols symbols, ISymbol? containingFunction, SyntaxNode? call = null, bool preferToken = false, CancellationToken cancellationToken = default, ITypeSymbol? receiverType = null)
        {
            if (method.Name.EndsWith("Async", System.StringComparison.Ordinal) || method.ContainingType is null)
            {
                return null;
            }

            // An extension method in its static form (as operations hold it) is compared as called: without its 'this' parameter.
            var asExtension = receiverType is not null && method.IsExtensionMethod && method.ReducedFrom is null && !method.Parameters.IsEmpty;
            var container = asExtension || method.ReducedFrom is not null ? receiverType ?? method.ReceiverType : method.ContainingType;
            var parameters = asExtension ? method.Parameters.RemoveAt(0) : method.Parameters;
            var isStatic = !asExtension && method.IsStatic;
            IMethodSymbol? fallback = null;
            foreach (var symbol in semanticModel.LookupSymbols(position, container: container, name: method.Name + "Async", includeReducedExtensionMethods: true))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (symbol is not IMethodSymbol candidate || candidate.IsStatic != isStatic || candidate.Arity != method.Arity)
                {
                    continue;
                }

                // A generic definition takes the call's type arguments; a reduced extension comes back with them inferred already
                // (constructing it again would throw).
                if (candidate.Arity > 0 && SymbolEqualityComparer.Default.Equals(candidate.ConstructedFrom, candidate))
                {
                    candidate = candidate.Construct(method.TypeArguments.ToArray());
                }

                if (SymbolFacts.IsObsolete(candidate)
                    || (containingFunction is not null && CouldBindBack(candidate, call, containingFunction, semanticModel.Compilation))
                    || !ParametersMatch(parameters, candidate, symbols)
                    || !ResultMatches(method, candidate, symbols))
                {
                    continue;
                }

                // One parameter more than the method: the trailing CancellationToken (never preferred through a default
                // interface member, which may refuse it).
                var takesToken = candidate.Parameters.Length == parameters.Length + 1;
                if (takesToken == preferToken && !(takesToken && CancellationTokens.IsDefaultInterfaceMember(candidate)))
                {
                    return candidate;
                }

                fallback ??= candidate;
            }

            return fallback;
        }

        /// <summary>
        /// True when calling <paramref name="counterpart"/> in place of <paramref name="call"/> could land back in the function the
        /// call sits in (<paramref name="containingFunction"/>) or one enclosing it (a lambda inside <c>ReadAsync</c>): the
        /// counterpart is that function itself or one it overrides, or it has that function's name and the call has no receiver,
        /// or <c>this</c>/<c>base</c>, or is a static call on the function's type or a base of it. Any overload of the name counts
        /// then: overloads of one name forward to each other (<c>Stream.ReadAsync(b, o, c)</c> calls <c>ReadAsync(b, o, c,
        /// token)</c>), so inside an override of one, suggesting another would make the code call itself. A call on another object
        /// (<c>reader.Read()</c> inside a method that happens to be named <c>ReadAsync</c>) lands elsewhere.
        /// One level through a wrapper too: the counterpart's body (in this compilation, read once per compilation) calls the
        /// function the call is in, on the same object or statically, and the call lands on this object (grpc's
        /// <c>ProcessHandlerErrorAsync</c> dispatches to <c>ProcessHandlerErrorAsyncCore</c>, which calls the sync
        /// <c>ProcessHandlerError</c>; suggesting the wrapper there would recurse).
        /// </summary>
        public static bool CouldBindBack(IMethodSymbol counterpart, SyntaxNode? call, ISymbol containingFunction, Compilation compilation)
        {
            var definition = (counterpart.ReducedFrom ?? counterpart).OriginalDefinition;
            var callee = (call as InvocationExpressionSyntax)?.Expression;
            for (var function = containingFunction as IMethodSymbol; function is not null; function = function.ContainingSymbol as IMethodSymbol)
            {
                if (IsOrOverrides(function, definition))
                {
                    return true;
                }

                if (function.MethodKind == MethodKind.AnonymousFunction)
                {
                    continue;
                }

                // A simple name binds to the innermost function of that name: a local function, else a member.
                var isMember = function.MethodKind != MethodKind.LocalFunction;
                if (function.Name == counterpart.Name && LandsOnThisObject(callee, counterpart, function, isMember))
                {
                    return true;
                }

                // Through a wrapper: the counterpart, called on this object, calls this very function on it.
                if (isMember && function.MethodKind == MethodKind.Ordinary && LandsOnThisObject(callee, counterpart, function, isMember)
                    && CallsOnItsOwnObject(definition, compilation).Any(called => IsOrOverrides(function, called)))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool LandsOnThisObject(ExpressionSyntax? callee, IMethodSymbol counterpart, IMethodSymbol function, bool isMember)
            => callee switch
            {
                SimpleNameSyntax => true,
                MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax or BaseExpressionSyntax } => isMember,
                MemberAccessExpressionSyntax => isMember && counterpart is { IsStatic: true, IsExtensionMethod: false } && SymbolFacts.InheritsFrom(function.ContainingType, counterpart.ContainingType),
                _ => false,
            };

        private static bool IsOrOverrides(IMethodSymbol function, IMethodSymbol called)
        {
            for (var overridden = function; overridden is not null; overridden = overridden.OverriddenMethod)
            {
                if (SymbolEqualityComparer.Default.Equals(overridden.OriginalDefinition, called))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The methods <paramref name="method"/>'s body calls on its own object (no receiver, <c>this</c>, <c>base</c>) or statically,
        /// outside nested lambdas: where a call to it can lead one level on. Empty when the body is not in this compilation or a
        /// call may dispatch elsewhere (<see cref="CalleeBodies.BodyOf"/>). Cached per compilation.
        /// </summary>
        private static ImmutableHashSet<IMethodSymbol> CallsOnItsOwnObject(IMethodSymbol method, Compilation compilation)
            => CalleeBodies.For(compilation).CallsOnOwnObject.GetOrAdd(method, m =>
            {
                if (!CalleeBodies.CanLookInto(m, compilation) || CalleeBodies.BodyOf(m, compilation) is not { } body)
                {
                    return ImmutableHashSet<IMethodSymbol>.Empty;
                }

                var called = ImmutableHashSet.CreateBuilder<IMethodSymbol>(SymbolEqualityComparer.Default);
                foreach (var operation in body.Descendants())
                {
                    if (operation is IInvocationOperation invocation
                        && (invocation.Instance is null or IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance })
                        && !IsInLambda(invocation, body))
                    {
                        called.Add(invocation.TargetMethod.OriginalDefinition);
                    }
                }

                return called.ToImmutable();
            });

        private static bool IsInLambda(IOperation operation, IOperation body)
        {
            for (var current = operation.Parent; current is not null && current != body; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Base types of the BCL whose virtual async method, by default, only calls its sync form on the caller's thread and returns a
        /// finished task (read in dotnet/runtime): <c>DbConnection.CloseAsync</c> (<c>Close()</c>), <c>DbConnection</c>,
        /// <c>DbDataReader</c>, <c>DbCommand</c> and <c>Stream</c>'s <c>DisposeAsync</c> (<c>Dispose()</c>), <c>DbDataReader.CloseAsync</c>.
        /// Not <c>Stream.ReadAsync/WriteAsync/FlushAsync</c>, whose defaults run the sync call on the thread pool.
        /// </summary>
        private static readonly (string Type, string Method)[] SyncDefaults =
        {
            ("System.Data.Common.DbConnection", "CloseAsync"),
            ("System.Data.Common.DbConnection", "DisposeAsync"),
            ("System.Data.Common.DbDataReader", "CloseAsync"),
            ("System.Data.Common.DbDataReader", "DisposeAsync"),
            ("System.Data.Common.DbCommand", "DisposeAsync"),
            ("System.IO.Stream", "DisposeAsync"),
        };

        /// <summary>
        /// True when awaiting <paramref name="counterpart"/> on a receiver of static type <paramref name="receiverType"/> can only run
        /// the base class's default, which calls the sync method and returns a finished task (<see cref="SyncDefaults"/>): the
        /// counterpart is such a default, no type from the receiver's type up to the base overrides it, and no type derived from
        /// the receiver's type can (it is sealed, a value type, or from another assembly with no constructor a subclass there could
        /// call). <c>sqlConnection.Close()</c> (SqlConnection is sealed and keeps <c>DbConnection.CloseAsync</c>) gains nothing from
        /// <c>await CloseAsync()</c>; a receiver typed <c>DbConnection</c> or <c>Stream</c> may be an overriding type at run time.
        /// </summary>
        public static bool AwaitsOnlyTheSyncDefault(IMethodSymbol counterpart, ITypeSymbol? receiverType, Compilation compilation)
        {
            var declaring = counterpart.OriginalDefinition.ContainingType;
            if (!counterpart.IsVirtual || counterpart.IsStatic || declaring is null || receiverType is not INamedTypeSymbol type
                || SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, declaring))
            {
                return false;
            }

            // Only two names can match: the type's name is built only for them.
            var listed = false;
            string? declaringName = null;
            foreach (var (listedType, listedMethod) in SyncDefaults)
            {
                if (listedMethod == counterpart.Name && listedType == (declaringName ??= declaring.ToDisplayString()))
                {
                    listed = true;
                    break;
                }
            }

            if (!listed)
            {
                return false;
            }

            if (!type.IsSealed && !type.IsValueType && !HasNoConstructorForSubclasses(type, compilation))
            {
                return false;
            }

            for (var current = type; current is not null; current = current.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, declaring))
                {
                    return true; // reached the default with no override on the way
                }

                foreach (var member in current.GetMembers(counterpart.Name))
                {
                    if (member is IMethodSymbol { IsOverride: true })
                    {
                        return false;
                    }
                }
            }

            return false; // not derived from the declaring type after all
        }

        /// <summary>A type from another assembly whose constructors are all private or internal: nothing here can derive from it.</summary>
        private static bool HasNoConstructorForSubclasses(INamedTypeSymbol type, Compilation compilation)
            => !SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, compilation.Assembly)
               && type.InstanceConstructors.All(c => c.DeclaredAccessibility is Accessibility.Private or Accessibility.Internal or Accessibility.ProtectedAndInternal);

        private static bool ParametersMatch(System.Collections.Immutable.ImmutableArray<IParameterSymbol> parameters, IMethodSymbol candidate, KnownSymbols symbols)
        {
            var extra = candidate.Parameters.Length - parameters.Length;
            if (extra is not (0 or 1) || (extra == 1 && !symbols.IsCancellationToken(candidate.Parameters[candidate.Parameters.Length - 1].Type)))
            {
                return false;
            }

            for (var i = 0; i < parameters.Length; i++)
            {
                var expected = parameters[i];
                var actual = candidate.Parameters[i];
                // 'in' only passes by reference what the counterpart takes by value (an async method cannot take 'in', CS1988).
                var refKindMatches = expected.RefKind == actual.RefKind || (expected.RefKind == RefKind.In && actual.RefKind == RefKind.None);
                if (!refKindMatches || !SymbolEqualityComparer.Default.Equals(expected.Type, actual.Type))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The counterpart's awaited result equals the method's return: void ↔ Task/ValueTask, T ↔ Task&lt;T&gt;/ValueTask&lt;T&gt;.</summary>
        private static bool ResultMatches(IMethodSymbol method, IMethodSymbol candidate, KnownSymbols symbols)
        {
            if (candidate.ReturnType is not INamedTypeSymbol returnType)
            {
                return false;
            }

            if (!symbols.IsTaskOrValueTask(returnType))
            {
                return false;
            }

            return method.ReturnsVoid
                ? returnType.TypeArguments.IsEmpty
                : returnType.TypeArguments.Length == 1 && SymbolEqualityComparer.Default.Equals(returnType.TypeArguments[0], method.ReturnType);
        }
    }
}
