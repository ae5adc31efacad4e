using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using AsyncRules.Analyzers.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncRules.Analyzers.Rules
{
    /// <summary>
    /// ASYNC040 (suggestion): in async code, a call that could take a CancellationToken (an optional token parameter left at its
    /// default, or an overload with one more, trailing token) gets none, while a token of this call or of this object's lifetime
    /// is in scope (<see cref="CancellationTokens"/>). Cancelling the caller then does not stop the callee. Silent when a token
    /// is passed already (even <c>CancellationToken.None</c>: an explicit choice), when the token in scope is ambiguous, for the
    /// producer of an <c>await foreach</c> (ASYNC021's), for a task the call does not keep (discarded or stored in a field: work
    /// meant to outlive the call), for a wait already bounded by a token or that is the timer of a <c>WhenAny</c> race, when
    /// the method that would take the token is a default interface member (it may refuse one), and where the token in scope is
    /// known to be cancelled already (<see cref="CancellationTokens"/> offers none there).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ASYNC040TokenNotForwardedAnalyzer : AsyncRulesAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
            DiagnosticIds.TokenNotForwarded,
            title: "Forward the cancellation token",
            messageFormat: "'{0}' can take a CancellationToken; pass '{1}' so it stops when the caller is cancelled",
            RuleCategories.Cancellation,
            DiagnosticSeverity.Info,
            description: "A coroutine that was handed a cancellation token should pass it on to the work it awaits; otherwise "
                + "cancelling it stops the caller's own steps but not the calls it is waiting for.");

        /// <summary>Property key: the name of the token to pass.</summary>
        internal const string TokenProperty = "Token";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        private protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownSymbols symbols)
        {
            if (symbols.CancellationToken is null)
            {
                return;
            }

            var overloads = new ConcurrentDictionary<IMethodSymbol, IMethodSymbol?>(SymbolEqualityComparer.Default);
            var definitionsWithout = new ConcurrentDictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default);
            context.RegisterOperationAction(c => AnalyzeInvocation(c, symbols, overloads, definitionsWithout), OperationKind.Invocation);
        }

        private static void AnalyzeInvocation(OperationAnalysisContext context, KnownSymbols symbols, ConcurrentDictionary<IMethodSymbol, IMethodSymbol?> overloads, ConcurrentDictionary<IMethodSymbol, bool> definitionsWithout)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var method = invocation.TargetMethod;

            // Only async APIs: a sync call with a token overload (semaphore.Wait(), task.Wait()) is a blocking call, which
            // ASYNC010/ASYNC031 report with the right fix; passing it a token would still block. Async streams are ASYNC021's.
            if (!symbols.IsTaskLike(method.ReturnType))
            {
                return;
            }

            // Cheap questions first: does the call take a token already, could it take one at all?
            var couldTakeToken = false;
            foreach (var argument in invocation.Arguments)
            {
                if (symbols.IsCancellationToken(argument.Parameter?.Type))
                {
                    if (argument.ArgumentKind != ArgumentKind.DefaultValue)
                    {
                        return; // passed, explicitly
                    }

                    couldTakeToken = true;
                }
            }

            // The method that would take the token: this one, or its overload with a trailing token (looked up once per method).
            // A constructed method (a generic one's instance, a generic type's member) is costly to hash, and most have no overload:
            // its definition answers first, once (NoTokenOverload), and only one that may have one is looked up as itself. A
            // definition is cheap to hash and is looked up directly.
            IMethodSymbol? taker;
            if (couldTakeToken)
            {
                taker = method;
            }
            else if (method.IsDefinition)
            {
                taker = overloads.GetOrAdd(method, m => TokenOverload(m, symbols));
            }
            else
            {
                var definition = method.OriginalDefinition;
                if (!definitionsWithout.TryGetValue(definition, out var without))
                {
                    without = NoTokenOverload(definition, symbols);
                    definitionsWithout.TryAdd(definition, without);
                }

                taker = without ? null : overloads.GetOrAdd(method, m => TokenOverload(m, symbols));
            }

            if (taker is null)
            {
                return;
            }

            // A default interface member may refuse a token (gRPC's IAsyncStreamWriter<T>.WriteAsync(T, CancellationToken) throws
            // for a cancellable one unless the writer overrides it): passing the token there is not safe.
            if (CancellationTokens.IsDefaultInterfaceMember(taker))
            {
                return;
            }

            if (!AsyncContext.IsOnAsyncPath(invocation, context.ContainingSymbol) || AsyncContext.IsInNameOf(invocation) || IsAsyncStreamProducer(invocation)
                || IsNotKeptByTheCall(invocation) || invocation.SemanticModel is not { } semanticModel
                || (!couldTakeToken && !semanticModel.IsAccessible(invocation.Syntax.SpanStart, taker)))
            {
                return;
            }

            var token = CancellationTokens.FindInScope(invocation, context.ContainingSymbol, symbols, context.CancellationToken);
            if (token is null || IsBoundedByAToken(invocation, symbols))
            {
                return;
            }

            var properties = ImmutableDictionary<string, string?>.Empty.Add(TokenProperty, token.Name);
            context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), properties, method.Name, token.Name));
        }

        /// <summary>
        /// True when no instance of <paramref name="definition"/> (a method's original definition) has a <see cref="TokenOverload"/>:
        /// the same search on the definition, with a trailing parameter of a type parameter taken as one that may be a token
        /// (an instance's members are the definition's with type arguments put in; its parameters are compared as defined).
        /// </summary>
        private static bool NoTokenOverload(IMethodSymbol definition, KnownSymbols symbols)
        {
            if (definition.ContainingType is null)
            {
                return true;
            }

            foreach (var member in definition.ContainingType.GetMembers(definition.Name))
            {
                if (member is not IMethodSymbol candidate || candidate.IsStatic != definition.IsStatic || candidate.Parameters.Length != definition.Parameters.Length + 1
                    || SymbolFacts.IsObsolete(candidate) || candidate.Arity != definition.Arity)
                {
                    continue;
                }

                var last = candidate.Parameters[candidate.Parameters.Length - 1].Type;
                if (!symbols.IsCancellationToken(last) && last.TypeKind != TypeKind.TypeParameter)
                {
                    continue;
                }

                var same = true;
                for (var i = 0; i < definition.Parameters.Length && same; i++)
                {
                    same = definition.Parameters[i].RefKind == candidate.Parameters[i].RefKind
                        && SymbolEqualityComparer.Default.Equals(definition.Parameters[i].OriginalDefinition.Type, candidate.Parameters[i].OriginalDefinition.Type);
                }

                if (same)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>An overload with the same parameters and one more, trailing CancellationToken.</summary>
        internal static IMethodSymbol? TokenOverload(IMethodSymbol method, KnownSymbols symbols)
        {
            if (method.ContainingType is null)
            {
                return null;
            }

            foreach (var member in method.ContainingType.GetMembers(method.Name))
            {
                if (member is not IMethodSymbol candidate || candidate.IsStatic != method.IsStatic || candidate.Parameters.Length != method.Parameters.Length + 1
                    || SymbolFacts.IsObsolete(candidate)
                    || candidate.Arity != method.Arity || !symbols.IsCancellationToken(candidate.Parameters[candidate.Parameters.Length - 1].Type))
                {
                    continue;
                }

                var same = true;
                for (var i = 0; i < method.Parameters.Length && same; i++)
                {
                    same = method.Parameters[i].RefKind == candidate.Parameters[i].RefKind
                        && SymbolEqualityComparer.Default.Equals(method.Parameters[i].OriginalDefinition.Type, candidate.Parameters[i].OriginalDefinition.Type);
                }

                if (same)
                {
                    return candidate;
                }
            }

            return null;
        }

        /// <summary>
        /// The task is discarded (<c>_ = Task.Run(..)</c>, a bare call statement) or stored in a field or property: background work
        /// that outlives the call, which the caller's token is not meant to stop (and which the caller does not wait for).
        /// </summary>
        private static bool IsNotKeptByTheCall(IOperation invocation)
        {
            var current = invocation;
            while (current.Parent is IConversionOperation { IsImplicit: true } conversion)
            {
                current = conversion;
            }

            return current.Parent switch
            {
                IExpressionStatementOperation => true,
                ISimpleAssignmentOperation { Target: IDiscardOperation or IFieldReferenceOperation or IPropertyReferenceOperation } assignment => assignment.Value == current,
                _ => false,
            };
        }

        /// <summary>
        /// The wait for the call's task already ends with a token: <c>Call().WaitAsync(.., token)</c>, or the task raced in a
        /// <c>Task.WhenAny</c> against a <c>Task.Delay(.., token)</c>; directly or through the local that holds the task. Or
        /// the call is itself the <c>Task.Delay</c> of such a race: a timer whose completion the code reads as "timed out", so a
        /// token would make a cancellation look like a timeout (<c>WaitAsync(timeout, token)</c> says both).
        /// </summary>
        private static bool IsBoundedByAToken(IInvocationOperation invocation, KnownSymbols symbols)
        {
            foreach (var use in Uses(invocation))
            {
                var current = use;
                while (current.Parent is IConversionOperation { IsImplicit: true } conversion)
                {
                    current = conversion;
                }

                if (current.Parent is IInvocationOperation { TargetMethod.Name: "WaitAsync" } wait && wait.Instance == current
                    && symbols.IsTaskOrDerived(wait.TargetMethod.ContainingType) && AsyncStreams.PassesToken(wait, symbols))
                {
                    return true;
                }

                var argument = current.Parent switch
                {
                    IArgumentOperation direct => direct,
                    IArrayInitializerOperation { Parent: IArrayCreationOperation { Parent: IArgumentOperation inArray } } => inArray,
                    _ => null,
                };
                if (argument?.Parent is IInvocationOperation { TargetMethod.Name: "WhenAny" } whenAny && symbols.IsTask(whenAny.TargetMethod.ContainingType)
                    && (IsDelay(invocation, symbols) || RacesATokenDelay(whenAny, current, symbols)))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool RacesATokenDelay(IInvocationOperation whenAny, IOperation task, KnownSymbols symbols)
        {
            foreach (var argument in whenAny.Arguments)
            {
                var elements = argument.Value is IArrayCreationOperation { Initializer: { } initializer } ? initializer.ElementValues : ImmutableArray.Create(argument.Value);
                foreach (var element in elements)
                {
                    if (element != task && ValueOf(element) is IInvocationOperation delay && IsDelay(delay, symbols) && AsyncStreams.PassesToken(delay, symbols))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool IsDelay(IInvocationOperation invocation, KnownSymbols symbols)
            => invocation.TargetMethod.Name == "Delay" && symbols.IsTask(invocation.TargetMethod.ContainingType);

        /// <summary>The expression itself, or what the local it reads was declared with.</summary>
        private static IOperation? ValueOf(IOperation operation)
        {
            operation = OperationFacts.WithoutImplicitConversions(operation);
            if (operation is not ILocalReferenceOperation local)
            {
                return operation;
            }

            foreach (var descendant in OperationFacts.TreeRoot(operation).Descendants())
            {
                if (descendant is IVariableDeclaratorOperation declarator && SymbolEqualityComparer.Default.Equals(declarator.Symbol, local.Local))
                {
                    return declarator.Initializer?.Value is { } value ? ValueOf(value) : null;
                }
            }

            return null;
        }

        /// <summary>Where the call's task is read: the call itself, or each read of the local it is declared into.</summary>
        private static IEnumerable<IOperation> Uses(IOperation invocation)
        {
            var current = invocation;
            while (current.Parent is IConversionOperation { IsImplicit: true } conversion)
            {
                current = conversion;
            }

            if (current.Parent is not IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator })
            {
                yield return invocation;
                yield break;
            }

            foreach (var descendant in OperationFacts.TreeRoot(invocation).Descendants())
            {
                if (descendant is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, declarator.Symbol))
                {
                    yield return reference;
                }
            }
        }

        /// <summary>The stream of an <c>await foreach</c> (directly, or through WithCancellation/ConfigureAwait) is ASYNC021's to report.</summary>
        private static bool IsAsyncStreamProducer(IOperation operation)
        {
            var current = operation;
            while (true)
            {
                switch (current.Parent)
                {
                    case IConversionOperation conversion:
                        current = conversion;
                        continue;
                    case IInvocationOperation { TargetMethod.Name: "WithCancellation" or "ConfigureAwait" } wrapper when wrapper.Instance == current:
                        current = wrapper;
                        continue;
                    case IArgumentOperation { Parent: IInvocationOperation { TargetMethod: { Name: "WithCancellation" or "ConfigureAwait", IsExtensionMethod: true } } extension } argument
                        when extension.Arguments.Length > 0 && extension.Arguments[0] == argument:
                        current = extension;
                        continue;
                }

                break;
            }

            return current.Parent is IForEachLoopOperation { IsAsynchronous: true } loop && loop.Collection == current;
        }
    }
}
