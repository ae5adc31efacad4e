using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using AsyncRules.Analyzers.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Simplification;

namespace AsyncRules.CodeFixes.Helpers
{
    /// <summary>How the <c>return</c> statements of a function change when it becomes async.</summary>
    internal enum ReturnRewrite
    {
        /// <summary>Nothing to change: <c>void</c> → <c>Task</c>, <c>T</c> → <c>Task&lt;T&gt;</c>, iterators.</summary>
        None,

        /// <summary>It returned a <c>Task</c>/<c>ValueTask</c> and keeps that type: <c>return t;</c> → <c>await t; return;</c>.</summary>
        AwaitNonGeneric,

        /// <summary>It returned a <c>Task&lt;T&gt;</c>/<c>ValueTask&lt;T&gt;</c> and keeps it: <c>return t;</c> → <c>return await t;</c>.</summary>
        AwaitGeneric,
    }

    /// <summary>What making one function async takes: the new return type, the return rewrite, the callers to await.</summary>
    internal sealed class MakeAsyncPlan
    {
        public MakeAsyncPlan(SyntaxNode function, TypeSyntax? newReturnType, ReturnRewrite returns, ImmutableArray<InvocationExpressionSyntax> callersToAwait, string description)
        {
            Function = function;
            NewReturnType = newReturnType;
            Returns = returns;
            CallersToAwait = callersToAwait;
            Description = description;
        }

        /// <summary>The method, local function, lambda or anonymous method (in the original tree).</summary>
        public SyntaxNode Function { get; }

        /// <summary>The return type it gets, or null when its return type stays.</summary>
        public TypeSyntax? NewReturnType { get; }

        public ReturnRewrite Returns { get; }

        /// <summary>Calls in the same document whose value is used and which now must be awaited.</summary>
        public ImmutableArray<InvocationExpressionSyntax> CallersToAwait { get; }

        /// <summary>For the code action title: "Make 'Count' async (returns Task)".</summary>
        public string Description { get; }
    }

    /// <summary>
    /// "Make the enclosing function async", written once for every fix that needs it (CS4032/CS4033/CS4034, and the
    /// rules that must turn sync code into a coroutine). It adds <c>async</c>; <c>void</c> → <c>Task</c>; <c>T</c> →
    /// <c>Task&lt;T&gt;</c> (so <c>Main</c> becomes <c>async Task Main</c> / <c>async Task&lt;int&gt; Main</c>); an iterator of
    /// <c>IEnumerable&lt;T&gt;</c>/<c>IEnumerator&lt;T&gt;</c> becomes <c>async IAsyncEnumerable&lt;T&gt;</c>/<c>IAsyncEnumerator&lt;T&gt;</c>;
    /// a function that already returns a task keeps its type and awaits what it returned.
    /// <para>Refused (docs/rules/CS4032.md and CS4033.md) when the result would not compile: ref/out/in, ref-struct or pointer parameters,
    /// by-ref returns, unsafe contexts, <c>[MethodImpl(Synchronized)]</c>, <c>[Conditional]</c>, a return type fixed by an override, interface or
    /// virtual/abstract/partial declaration, a lambda whose delegate returns a non-task value or that is an expression tree,
    /// method-group uses of a method whose return type changes, or callers that use its value where no await can go.</para>
    /// </summary>
    internal static class MakeAsync
    {
        private static readonly ConditionalWeakTable<DocumentEditor, HashSet<SyntaxNode>> Done = new();

        /// <summary>
        /// Plans making <paramref name="function"/> async. With <paramref name="planCallers"/> (the default) the plan also awaits
        /// the callers in the same document and is refused when a caller elsewhere would break; without it, the callers are the
        /// caller's business (<see cref="AsyncAllTheWay"/> updates them across the solution).
        /// </summary>
        public static async Task<MakeAsyncPlan?> TryPlanAsync(Document document, SyntaxNode function, SemanticModel semanticModel, CancellationToken cancellationToken, bool planCallers = true)
        {
            var symbols = KnownSymbols.For(semanticModel.Compilation);
            if (symbols is null || AwaitPlacement.IsInUnsafeContext(function))
            {
                return null;
            }

            return function switch
            {
                AnonymousFunctionExpressionSyntax lambda => PlanLambda(lambda, semanticModel, symbols, cancellationToken),
                MethodDeclarationSyntax or LocalFunctionStatementSyntax => await PlanMethodAsync(document, function, semanticModel, symbols, planCallers, cancellationToken).ConfigureAwait(false),
                _ => null,
            };
        }

        /// <summary>
        /// "Can an <c>await</c> (or <c>await foreach</c>, <c>await using</c>) be written at <paramref name="node"/>, making the enclosing
        /// function async first if need be?" Returns whether it can, and the plan to make the function async (null when it already
        /// is, or in top-level statements). Refused where the await cannot go (<see cref="AwaitPlacement"/>), where the function
        /// cannot become async, and in a <c>void</c>-returning lambda, which would become <c>async void</c>.
        /// </summary>
        public static async Task<(bool CanAwait, MakeAsyncPlan? Plan)> PlanAwaitAsync(Document document, SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            var function = AsyncContext.EnclosingFunction(node);
            if (function is null)
            {
                // Top-level statements may await; anywhere else (field initializers, accessors, constructors) cannot.
                return (node.FirstAncestorOrSelf<GlobalStatementSyntax>() is not null && AwaitPlacement.CanAwaitAt(node, semanticModel, cancellationToken), null);
            }

            var symbol = AsyncContext.FunctionSymbol(function, semanticModel, cancellationToken);
            if (!AwaitPlacement.CanAwaitAt(node, semanticModel, cancellationToken))
            {
                return (false, null);
            }

            if (symbol is IMethodSymbol { IsAsync: true })
            {
                return (true, null);
            }

            var plan = await TryPlanAsync(document, function, semanticModel, cancellationToken).ConfigureAwait(false);

            // An expression-bodied void lambda (Action) would turn into async void: not a fix.
            if (plan is null || (function is AnonymousFunctionExpressionSyntax && symbol is IMethodSymbol { ReturnsVoid: true }))
            {
                return (false, null);
            }

            return (true, plan);
        }

        /// <summary>
        /// CS1624's plan: an iterator declared to return <c>Task&lt;IEnumerable&lt;T&gt;&gt;</c> (or <c>ValueTask</c>, or of
        /// <c>IEnumerator&lt;T&gt;</c>), which C# cannot build, becomes <c>async IAsyncEnumerable&lt;T&gt;</c>
        /// (<c>IAsyncEnumerator&lt;T&gt;</c>): the async generator it was meant to be. Refused where the signature is fixed
        /// (override, interface, partial...), with unsupported parameters, in unsafe code, and when anything calls it (each
        /// caller would need <c>await foreach</c> instead of <c>await</c>).
        /// </summary>
        public static async Task<MakeAsyncPlan?> TryPlanTaskIteratorAsync(Document document, SyntaxNode function, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            var symbols = KnownSymbols.For(semanticModel.Compilation);
            if (symbols is null || AwaitPlacement.IsInUnsafeContext(function) || !ContainsYield(function)
                || function is not (MethodDeclarationSyntax or LocalFunctionStatementSyntax)
                || semanticModel.GetDeclaredSymbol(function, cancellationToken) is not IMethodSymbol method
                || method.MethodKind is not (MethodKind.Ordinary or MethodKind.LocalFunction)
                || HasUnsupportedParameters(method) || method.ReturnsByRef || method.ReturnsByRefReadonly || IsSynchronized(method)
                || (!method.IsStatic && method.ContainingType is { IsRefLikeType: true })
                || ((function.SyntaxTree.Options as CSharpParseOptions)?.LanguageVersion ?? LanguageVersion.Latest) < LanguageVersion.CSharp8)
            {
                return null;
            }

            // Task<IEnumerable<T>> → IEnumerable<T> → IAsyncEnumerable<T>.
            if (method.ReturnType is not INamedTypeSymbol { TypeArguments.Length: 1 } taskType
                || !IsAsyncReturnType(taskType, symbols)
                || taskType.TypeArguments[0] is not INamedTypeSymbol { TypeArguments.Length: 1 } sequence
                || AsyncIteratorInterface(sequence, symbols.Compilation) is not { Length: > 0 } asyncInterface
                || Signatures.IsReturnTypeFixed(method))
            {
                return null;
            }

            var returnTypeSyntax = function is MethodDeclarationSyntax m ? m.ReturnType : ((LocalFunctionStatementSyntax)function).ReturnType;
            var sequenceSyntax = returnTypeSyntax switch
            {
                GenericNameSyntax { TypeArgumentList.Arguments.Count: 1 } g => g.TypeArgumentList.Arguments[0],
                QualifiedNameSyntax { Right: GenericNameSyntax { TypeArgumentList.Arguments.Count: 1 } g } => g.TypeArgumentList.Arguments[0],
                _ => SyntaxFactory.ParseTypeName(sequence.ToMinimalDisplayString(semanticModel, function.SpanStart)),
            };
            var newReturnType = GenericType(asyncInterface, TypeArgument(sequenceSyntax, sequence, semanticModel));

            if (await CallersToAwaitAsync(document, function, method, isIterator: true, semanticModel, cancellationToken).ConfigureAwait(false) is null)
            {
                return null;
            }

            var shown = asyncInterface.Split('.').Last() + "<" + sequence.TypeArguments[0].ToMinimalDisplayString(semanticModel, function.SpanStart) + ">";
            return new MakeAsyncPlan(function, newReturnType, ReturnRewrite.None, ImmutableArray<InvocationExpressionSyntax>.Empty, $"Make '{method.Name}' an async iterator (returns {shown})");
        }

        /// <summary>Applies <paramref name="plan"/> to the editor (once per function, however many diagnostics asked for it).</summary>
        public static void Apply(DocumentEditor editor, MakeAsyncPlan plan)
        {
            var done = Done.GetOrCreateValue(editor);
            if (!done.Add(plan.Function))
            {
                return;
            }

            editor.ReplaceNode(plan.Function, (current, _) => Rewrite(current, plan));
            foreach (var caller in plan.CallersToAwait)
            {
                if (done.Add(caller))
                {
                    editor.ReplaceNode(caller, (current, _) => AsyncSyntax.AwaitInPlaceOf(current, (ExpressionSyntax)current));
                }
            }
        }

        // ---- Planning -------------------------------------------------------------------------------------------

        private static MakeAsyncPlan? PlanLambda(AnonymousFunctionExpressionSyntax lambda, SemanticModel semanticModel, KnownSymbols symbols, CancellationToken cancellationToken)
        {
            if (lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword)
                || lambda is ParenthesizedLambdaExpressionSyntax { ReturnType: not null }
                || semanticModel.GetSymbolInfo(lambda, cancellationToken).Symbol is not IMethodSymbol method
                || HasUnsupportedParameters(method))
            {
                return null;
            }

            var converted = semanticModel.GetTypeInfo(lambda, cancellationToken).ConvertedType;
            if (SymbolFacts.InheritsFrom(converted, symbols.LambdaExpression))
            {
                return null; // expression trees cannot be async
            }

            var returns = ReturnRewrite.None;
            if (!method.ReturnsVoid)
            {
                if (!IsAsyncReturnType(method.ReturnType, symbols) || (IsGenericTaskLike(method.ReturnType) && HasTypelessReturn(lambda, semanticModel, cancellationToken)))
                {
                    return null; // an async lambda cannot produce a non-task value (CS4010); typeless returns would be awaited
                }

                returns = IsGenericTaskLike(method.ReturnType) ? ReturnRewrite.AwaitGeneric : ReturnRewrite.AwaitNonGeneric;
            }

            var what = lambda is AnonymousMethodExpressionSyntax ? "anonymous method" : "lambda";
            return new MakeAsyncPlan(lambda, null, returns, ImmutableArray<InvocationExpressionSyntax>.Empty, $"Make the {what} async");
        }

        private static async Task<MakeAsyncPlan?> PlanMethodAsync(Document document, SyntaxNode function, SemanticModel semanticModel, KnownSymbols symbols, bool planCallers, CancellationToken cancellationToken)
        {
            if (semanticModel.GetDeclaredSymbol(function, cancellationToken) is not IMethodSymbol method
                || method.IsAsync
                || method.MethodKind is not (MethodKind.Ordinary or MethodKind.LocalFunction or MethodKind.ExplicitInterfaceImplementation)
                || HasUnsupportedParameters(method)
                || (!method.IsStatic && method.ContainingType is { IsRefLikeType: true })
                || method.ReturnsByRef || method.ReturnsByRefReadonly
                || IsSynchronized(method) || IsConditional(method))
            {
                return null;
            }

            var returnTypeSyntax = function is MethodDeclarationSyntax m ? m.ReturnType : ((LocalFunctionStatementSyntax)function).ReturnType;
            var isIterator = ContainsYield(function);
            var languageVersion = (function.SyntaxTree.Options as CSharpParseOptions)?.LanguageVersion ?? LanguageVersion.Latest;
            if ((isIterator && languageVersion < LanguageVersion.CSharp8) || (method.Name == "Main" && method.IsStatic && languageVersion < LanguageVersion.CSharp7_1))
            {
                return null; // async iterators need C# 8, an async Main C# 7.1
            }

            TypeSyntax? newReturnType;
            var returns = ReturnRewrite.None;
            string shownType;
            if (isIterator)
            {
                var asyncInterface = AsyncIteratorInterface(method.ReturnType, symbols.Compilation);
                if (asyncInterface is null)
                {
                    return null;
                }

                newReturnType = asyncInterface.Length == 0 ? null : GenericType(asyncInterface, TypeArgument(returnTypeSyntax, method.ReturnType, semanticModel));
                shownType = asyncInterface.Length == 0
                    ? method.ReturnType.Name
                    : asyncInterface.Split('.').Last() + "<" + ((INamedTypeSymbol)method.ReturnType).TypeArguments[0].ToMinimalDisplayString(semanticModel, function.SpanStart) + ">";
            }
            else if (method.ReturnsVoid)
            {
                newReturnType = QualifiedTask(null);
                shownType = "Task";
            }
            else if (IsAsyncReturnType(method.ReturnType, symbols))
            {
                if (IsGenericTaskLike(method.ReturnType) && HasTypelessReturn(function, semanticModel, cancellationToken))
                {
                    return null; // return null / default / new(): once async, these would be awaited (CS4001, CS8754)
                }

                newReturnType = null;
                returns = IsGenericTaskLike(method.ReturnType) ? ReturnRewrite.AwaitGeneric : ReturnRewrite.AwaitNonGeneric;
                shownType = method.ReturnType.Name;
            }
            else if (symbols.IsTaskLike(method.ReturnType)
                || method.ReturnType.IsRefLikeType || method.ReturnType.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer || symbols.TaskOfT is null)
            {
                return null;
            }
            else
            {
                newReturnType = QualifiedTask(returnTypeSyntax);
                shownType = "Task<" + method.ReturnType.ToMinimalDisplayString(semanticModel, function.SpanStart) + ">";
            }

            var callers = ImmutableArray<InvocationExpressionSyntax>.Empty;
            if (newReturnType is not null)
            {
                if (Signatures.IsReturnTypeFixed(method))
                {
                    return null;
                }

                var found = planCallers
                    ? await CallersToAwaitAsync(document, function, method, isIterator, semanticModel, cancellationToken, awaitUnusedCallsInAsyncCode: true).ConfigureAwait(false)
                    : ImmutableArray<InvocationExpressionSyntax>.Empty;
                if (found is null)
                {
                    return null;
                }

                callers = found.Value;
            }

            var description = newReturnType is null ? $"Make '{method.Name}' async" : $"Make '{method.Name}' async (returns {shownType})";
            return new MakeAsyncPlan(function, newReturnType, returns, callers, description);
        }

        private static bool HasUnsupportedParameters(IMethodSymbol method)
            => method.Parameters.Any(p => p.RefKind != RefKind.None || p.Type.IsRefLikeType || p.Type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer);

        private static bool IsSynchronized(IMethodSymbol method)
        {
            foreach (var attribute in method.GetAttributes())
            {
                if (attribute.AttributeClass?.Name == "MethodImplAttribute"
                    && attribute.ConstructorArguments.Length > 0
                    && attribute.ConstructorArguments[0].Value is { } value
                    && (System.Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) & (int)MethodImplOptions.Synchronized) != 0)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A <c>[Conditional("DEBUG")]</c> method must return void (CS0578): it stays sync.</summary>
        private static bool IsConditional(IMethodSymbol method)
        {
            foreach (var attribute in method.GetAttributes())
            {
                if (attribute.AttributeClass is { Name: "ConditionalAttribute", ContainingNamespace: { Name: "Diagnostics", ContainingNamespace.Name: "System" } })
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The calls whose value the new return type would break, to be awaited; null when one of them cannot be
        /// (another document, sync code, a method group, an iterator's consumer).
        /// </summary>
        internal static async Task<ImmutableArray<InvocationExpressionSyntax>?> CallersToAwaitAsync(
            Document document, SyntaxNode function, IMethodSymbol method, bool isIterator, SemanticModel semanticModel, CancellationToken cancellationToken, bool awaitUnusedCallsInAsyncCode = false)
        {
            var references = await SymbolFinder.FindReferencesAsync(method, document.Project.Solution, cancellationToken).ConfigureAwait(false);
            var callers = ImmutableArray.CreateBuilder<InvocationExpressionSyntax>();
            foreach (var location in references.SelectMany(r => r.Locations))
            {
                if (location.IsImplicit)
                {
                    continue;
                }

                var root = await location.Document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                var name = root?.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true);
                if (name is null || IsInNameOf(name))
                {
                    continue;
                }

                var callee = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
                if (isIterator || callee.Parent is not InvocationExpressionSyntax invocation || invocation.Expression != callee)
                {
                    return null; // a method group (delegate, event handler) or an iterator's consumer would no longer compile
                }

                if (method.ReturnsVoid || invocation.Parent is ExpressionStatementSyntax)
                {
                    // The value is not used. A sync function was awaited implicitly by running to its end: where the caller is
                    // async code in this document, await it so the caller still waits; elsewhere the task is dropped, which
                    // CS4014/ASYNC003 then point at.
                    if (awaitUnusedCallsInAsyncCode
                        && invocation.Parent is ExpressionStatementSyntax
                        && location.Document.Id == document.Id
                        && IsAsyncAfterFix(invocation, function, semanticModel, cancellationToken)
                        && AwaitPlacement.CanAwaitAt(invocation, semanticModel, cancellationToken))
                    {
                        callers.Add(invocation);
                    }

                    continue;
                }

                if (location.Document.Id != document.Id
                    || !IsAsyncAfterFix(invocation, function, semanticModel, cancellationToken)
                    || !AwaitPlacement.CanAwaitAt(invocation, semanticModel, cancellationToken))
                {
                    return null;
                }

                callers.Add(invocation);
            }

            return callers.ToImmutable();
        }

        /// <summary>The return types an async method or lambda may have here: Task, Task&lt;T&gt;, ValueTask, ValueTask&lt;T&gt; (not a class derived from Task).</summary>
        private static bool IsAsyncReturnType(ITypeSymbol type, KnownSymbols symbols) => symbols.IsTaskOrValueTask(type);

        /// <summary>
        /// A <c>return</c> (or expression body) whose value has no type of its own: <c>null</c>, <c>default</c>, <c>new()</c>. In a
        /// Task&lt;T&gt; function it would have to be awaited, which cannot compile; in a Task function it becomes <c>return;</c>.
        /// </summary>
        private static bool HasTypelessReturn(SyntaxNode function, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            var values = function.DescendantNodes(n => n == function || n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
                .OfType<ReturnStatementSyntax>()
                .Select(r => r.Expression)
                .Concat(new[]
                {
                    function switch
                    {
                        MethodDeclarationSyntax m => m.ExpressionBody?.Expression,
                        LocalFunctionStatementSyntax l => l.ExpressionBody?.Expression,
                        AnonymousFunctionExpressionSyntax a => a.ExpressionBody,
                        _ => null,
                    },
                });
            foreach (var value in values)
            {
                if (value is not null
                    && (value.IsKind(SyntaxKind.DefaultLiteralExpression) || value is ImplicitObjectCreationExpressionSyntax
                        || semanticModel.GetTypeInfo(value, cancellationToken).Type is null))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>True inside <c>nameof(...)</c>, where a reference is a name, not a call.</summary>
        internal static bool IsInNameOf(SyntaxNode node)
            => node.Ancestors().OfType<InvocationExpressionSyntax>().Any(i => i.Expression is IdentifierNameSyntax { Identifier.ValueText: "nameof" });

        /// <summary>True when <paramref name="node"/> will run in async code once <paramref name="function"/> is async.</summary>
        private static bool IsAsyncAfterFix(SyntaxNode node, SyntaxNode function, SemanticModel semanticModel, CancellationToken cancellationToken)
            => AsyncContext.EnclosingFunction(node) == function || AsyncContext.IsInAsyncCodeOrTopLevel(node, semanticModel, cancellationToken);

        internal static bool ContainsYield(SyntaxNode function)
            => function.DescendantNodes(n => n == function || n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
                .OfType<YieldStatementSyntax>().Any();

        /// <summary>The async iterator interface an iterator's return type maps to; "" when it is one already; null when none.</summary>
        private static string? AsyncIteratorInterface(ITypeSymbol returnType, Compilation compilation)
        {
            var name = returnType.OriginalDefinition.ToDisplayString();
            string? target = name switch
            {
                "System.Collections.Generic.IEnumerable<T>" => "System.Collections.Generic.IAsyncEnumerable",
                "System.Collections.Generic.IEnumerator<T>" => "System.Collections.Generic.IAsyncEnumerator",
                "System.Collections.Generic.IAsyncEnumerable<T>" or "System.Collections.Generic.IAsyncEnumerator<T>" => string.Empty,
                _ => null,
            };
            return target is { Length: > 0 } && compilation.FindType(target + "`1") is null ? null : target;
        }

        private static TypeSyntax TypeArgument(TypeSyntax returnTypeSyntax, ITypeSymbol returnType, SemanticModel semanticModel)
        {
            var generic = returnTypeSyntax switch
            {
                GenericNameSyntax g => g,
                QualifiedNameSyntax { Right: GenericNameSyntax g } => g,
                _ => null,
            };
            if (generic is { TypeArgumentList.Arguments.Count: 1 })
            {
                return generic.TypeArgumentList.Arguments[0].WithoutTrivia();
            }

            var argument = ((INamedTypeSymbol)returnType).TypeArguments[0];
            return SyntaxFactory.ParseTypeName(argument.ToMinimalDisplayString(semanticModel, returnTypeSyntax.SpanStart));
        }

        internal static TypeSyntax QualifiedTask(TypeSyntax? typeArgument)
            => typeArgument is null
                ? Annotate(SyntaxFactory.ParseTypeName("System.Threading.Tasks.Task"))
                : GenericType("System.Threading.Tasks.Task", typeArgument.WithoutTrivia());

        private static TypeSyntax GenericType(string qualifiedName, TypeSyntax typeArgument)
        {
            var lastDot = qualifiedName.LastIndexOf('.');
            var generic = SyntaxFactory.GenericName(
                SyntaxFactory.Identifier(qualifiedName.Substring(lastDot + 1)),
                SyntaxFactory.TypeArgumentList(SyntaxFactory.SingletonSeparatedList(typeArgument)));
            return Annotate(SyntaxFactory.QualifiedName(SyntaxFactory.ParseName(qualifiedName.Substring(0, lastDot)), generic));
        }

        private static TypeSyntax Annotate(TypeSyntax type) => type.WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);

        private static bool IsGenericTaskLike(ITypeSymbol type) => type is INamedTypeSymbol { IsGenericType: true };

        // ---- Rewriting (on the current node, so that edits made inside it by other fixes are kept) -----------------

        /// <summary>The function as the plan makes it (called on the current node, so edits nested in it are kept).</summary>
        internal static SyntaxNode Rewrite(SyntaxNode current, MakeAsyncPlan plan)
        {
            var function = RewriteReturns(current, plan.Returns);
            switch (function)
            {
                case MethodDeclarationSyntax method:
                    {
                        var (modifiers, returnType) = AddAsync(method.Modifiers, method.ReturnType);
                        return method.WithModifiers(modifiers).WithReturnType(NewReturnType(returnType, plan));
                    }

                case LocalFunctionStatementSyntax localFunction:
                    {
                        var (modifiers, returnType) = AddAsync(localFunction.Modifiers, localFunction.ReturnType);
                        return localFunction.WithModifiers(modifiers).WithReturnType(NewReturnType(returnType, plan));
                    }

                case AnonymousFunctionExpressionSyntax lambda:
                    return AddAsync(lambda);

                default:
                    return function;
            }
        }

        private static TypeSyntax NewReturnType(TypeSyntax returnType, MakeAsyncPlan plan)
            => plan.NewReturnType is null ? returnType : plan.NewReturnType.WithTriviaFrom(returnType);

        /// <summary>Adds <c>async</c> last among the modifiers; with none, it takes over the return type's leading trivia.</summary>
        private static (SyntaxTokenList Modifiers, TypeSyntax ReturnType) AddAsync(SyntaxTokenList modifiers, TypeSyntax returnType)
        {
            if (modifiers.Any(SyntaxKind.AsyncKeyword))
            {
                return (modifiers, returnType); // CS1624: an async Task<IEnumerable<T>> iterator only changes its return type
            }

            var asyncKeyword = SyntaxFactory.Token(SyntaxKind.AsyncKeyword).WithTrailingTrivia(SyntaxFactory.Space);
            if (modifiers.Count == 0)
            {
                return (SyntaxFactory.TokenList(asyncKeyword.WithLeadingTrivia(returnType.GetLeadingTrivia())), returnType.WithoutLeadingTrivia());
            }

            return (modifiers.Add(asyncKeyword), returnType);
        }

        private static SyntaxNode AddAsync(AnonymousFunctionExpressionSyntax lambda)
        {
            var asyncKeyword = SyntaxFactory.Token(SyntaxKind.AsyncKeyword).WithTrailingTrivia(SyntaxFactory.Space);
            if (lambda.Modifiers.Count > 0)
            {
                return lambda.WithModifiers(lambda.Modifiers.Add(asyncKeyword));
            }

            var leading = lambda.GetLeadingTrivia();
            return lambda.WithoutLeadingTrivia().WithModifiers(SyntaxFactory.TokenList(asyncKeyword.WithLeadingTrivia(leading)));
        }

        private static SyntaxNode RewriteReturns(SyntaxNode function, ReturnRewrite returns)
        {
            if (returns == ReturnRewrite.None)
            {
                return function;
            }

            var expressionBody = function switch
            {
                MethodDeclarationSyntax m => m.ExpressionBody?.Expression,
                LocalFunctionStatementSyntax l => l.ExpressionBody?.Expression,
                AnonymousFunctionExpressionSyntax a => a.ExpressionBody,
                _ => null,
            };
            if (expressionBody is not null)
            {
                return function.ReplaceNode(expressionBody, returns == ReturnRewrite.AwaitGeneric ? AwaitOrUnwrap(expressionBody) : AsyncSyntax.AwaitInPlaceOf(expressionBody, expressionBody));
            }

            return new ReturnRewriter(function, returns).Visit(function) ?? function;
        }

        private static ExpressionSyntax AwaitOrUnwrap(ExpressionSyntax expression)
        {
            // Task.FromResult(x) → x; anything else → await it.
            if (expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "FromResult", Expression: var receiver }, ArgumentList.Arguments.Count: 1 } fromResult
                && IsTaskTypeName(receiver))
            {
                return fromResult.ArgumentList.Arguments[0].Expression.WithTriviaFrom(expression);
            }

            return AsyncSyntax.AwaitInPlaceOf(expression, expression);
        }

        /// <summary>
        /// <c>Task.CompletedTask</c>, <c>default</c>, <c>new ValueTask()</c>, <c>null</c>: returned from a non-generic task method
        /// they mean "nothing left to do" (a null Task was a bug ASYNC005 reports); once async, that is <c>return;</c>.
        /// </summary>
        private static bool IsCompletedNonGeneric(ExpressionSyntax expression)
            => expression switch
            {
                MemberAccessExpressionSyntax { Name.Identifier.ValueText: "CompletedTask", Expression: var receiver } => IsTaskTypeName(receiver),
                LiteralExpressionSyntax literal => literal.IsKind(SyntaxKind.DefaultLiteralExpression) || literal.IsKind(SyntaxKind.NullLiteralExpression),
                DefaultExpressionSyntax => true,
                ObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: 0 } creation => IsTaskTypeName(creation.Type),
                ImplicitObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: 0 } => true,
                _ => false,
            };

        private static bool IsTaskTypeName(ExpressionSyntax expression)
        {
            var name = expression switch
            {
                IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                GenericNameSyntax generic => generic.Identifier.ValueText,
                MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
                QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
                _ => null,
            };
            return name is "Task" or "ValueTask";
        }

        /// <summary>Rewrites the <c>return</c> statements of one function (not of functions nested in it) for its new async form.</summary>
        private sealed class ReturnRewriter : CSharpSyntaxRewriter
        {
            private readonly SyntaxNode function;
            private readonly ReturnRewrite mode;

            public ReturnRewriter(SyntaxNode function, ReturnRewrite mode)
            {
                this.function = function;
                this.mode = mode;
            }

            public override SyntaxNode? Visit(SyntaxNode? node)
                => node != function && node is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax ? node : base.Visit(node);

            public override SyntaxNode? VisitReturnStatement(ReturnStatementSyntax node)
            {
                if (node.Expression is not { } expression)
                {
                    return node;
                }

                if (mode == ReturnRewrite.AwaitGeneric)
                {
                    return node.WithExpression(AwaitOrUnwrap(expression));
                }

                // Non-generic: the value was the task itself. Inside a block, VisitBlock splices the statements in.
                return node.Parent is BlockSyntax ? node : SyntaxFactory.Block(Expand(node)).WithTriviaFrom(node);
            }

            public override SyntaxNode? VisitBlock(BlockSyntax node)
            {
                var block = (BlockSyntax)base.VisitBlock(node)!;
                if (mode != ReturnRewrite.AwaitNonGeneric)
                {
                    return block;
                }

                var isBody = node.Parent == function;
                var statements = new List<StatementSyntax>();
                for (var i = 0; i < block.Statements.Count; i++)
                {
                    var statement = block.Statements[i];
                    if (statement is ReturnStatementSyntax { Expression: not null } returnStatement)
                    {
                        var expanded = Expand(returnStatement);
                        var isLast = isBody && i == block.Statements.Count - 1;
                        statements.AddRange(isLast ? expanded.Where(s => s is not ReturnStatementSyntax) : expanded);
                    }
                    else
                    {
                        statements.Add(statement);
                    }
                }

                return block.WithStatements(SyntaxFactory.List(statements));
            }

            /// <summary><c>return t;</c> → <c>await t; return;</c>; <c>return Task.CompletedTask;</c> → <c>return;</c>.</summary>
            private static List<StatementSyntax> Expand(ReturnStatementSyntax returnStatement)
            {
                var plainReturn = SyntaxFactory.ReturnStatement().WithTriviaFrom(returnStatement).WithAdditionalAnnotations(Microsoft.CodeAnalysis.Formatting.Formatter.Annotation);
                if (IsCompletedNonGeneric(returnStatement.Expression!))
                {
                    return new List<StatementSyntax> { plainReturn };
                }

                var awaitStatement = SyntaxFactory.ExpressionStatement(AsyncSyntax.AwaitInPlaceOf(returnStatement.Expression!, returnStatement.Expression!.WithoutTrivia()))
                    .WithLeadingTrivia(returnStatement.GetLeadingTrivia())
                    .WithAdditionalAnnotations(Microsoft.CodeAnalysis.Formatting.Formatter.Annotation);
                return new List<StatementSyntax> { awaitStatement, plainReturn.WithLeadingTrivia(SyntaxFactory.ElasticMarker) };
            }
        }
    }
}
