"""Inputs for the answer checker, written here, with the verdict each must get.

Shared by the Python tests (tests/test_check.py) and the browser test, which types the same inputs into
the page. Each case: (part, latex, quantity or None, expected verdict, expected mistake or None).
The correct forms come first: judging a correct answer wrong is the worst failure a checker can have.
"""

CORRECT = [
    # (a) the loss: the cross-entropy with a one-hot y
    ("a", r"-\log \hat y_o", None), ("a", r"-\sum_{w} y_w \log \hat y_w = -\log \hat y_o", None),
    ("a", r"J = -\log \hat{y}_o", None), ("a", r"-\ln \hat y_o", None), ("a", r"\log \frac{1}{\hat y_o}", None),
    ("a", r"-u_o^\top v_c + \log \sum_{w \in V} \exp(u_w^\top v_c)", None),
    ("a", r"-\log \frac{\exp(u_o^T v_c)}{\sum_{w=1}^{|V|} \exp(u_w^T v_c)}", None),
    ("a", r"-\sum_{w \in \text{Vocab}} y_w \log(\hat y_w)", None), ("a", r"H(y, \hat y) = -y_o \log \hat y_o", None),
    ("a", r"\log \sum_{w} e^{u_w^T v_c} - u_o^T v_c", None), ("a", r"-\log(\hat{y}_{o})", None),
    ("a", r"-\log \hat y_0", None), ("a", r"\mathcal{L} = -\log \hat y_o", None),
    # (b)
    ("b", r"U(\hat y - y)", None), ("b", r"U\hat{y} - Uy", None), ("b", r"-u_o + \sum_{w} \hat y_w u_w", None),
    ("b", r"-U(y - \hat y)", None), ("b", r"\frac{\partial J}{\partial v_c} = U(\hat{y} - y)", None),
    ("b", r"\sum_{w=1}^{|V|} (\hat y_w - y_w) u_w", None), ("b", r"\sum_{w \in V} \hat{y}_w u_w - u_o", None),
    ("b", r"\nabla_{v_c} J = U \left( \hat{\mathbf{y}} - \mathbf{y} \right)", None),
    ("b", r"\boxed{U(\hat y - y)}", None),
    ("b", r"-u_o + \frac{\sum_{x} \exp(u_x^\top v_c) u_x}{\sum_{w} \exp(u_w^\top v_c)}", None),
    ("b", r"U \cdot (\hat y - y)", None), ("b", r"-u_0 + U\hat y", None),
    ("b", r"\frac{\partial}{\partial v_c}\left[-\log \hat y_o\right]", None),
    ("b", r"\frac{\partial J_{\text{naive-softmax}}(v_c, o, U)}{\partial \boldsymbol{v}_c} = "
          r"\mathbf{U}(\hat{\boldsymbol{y}} - \boldsymbol{y})", None),
    ("b", r"\partial J / \partial v_c = U(\hat y - y)", None),
    ("b", r"-u_o + \sum_{w \in \mathcal{V}} \hat y_w u_w", None),
    ("b", r"U\left[\widehat{y} - y\right]", None), ("b", r"U \times \{\hat y - y\}", None),
    ("b", r"\frac{\partial L}{\partial v_c} = U(\hat y - y)", None),
    # (c)
    ("c", r"\frac{\partial J}{\partial u_w} = (\hat y_w - y_w) v_c", None),
    ("c", r"\begin{cases} (\hat y_o - 1) v_c & \text{if } w = o \\ \hat y_w v_c & \text{otherwise} \end{cases}", "u_w"),
    ("c", r"\begin{cases} (\hat y_o - 1) v_c & w = o \\ \hat y_w v_c & w \neq o \end{cases}", "u_w"),
    ("c", r"\frac{\partial J}{\partial u_w} = \hat y_w v_c, \quad w \neq o", None),
    ("c", r"\frac{\partial J}{\partial u_o} = (\hat y_o - 1) v_c", None),
    ("c", r"\frac{\partial J}{\partial u_w} = (\hat y_w - \mathbb{1}[w = o]) v_c", None),
    ("c", r"\frac{\partial J}{\partial u_o} = -(1 - \hat y_o) v_c", None),
    ("c", r"\frac{\partial J}{\partial u_w} = v_c (\hat y_w - y_w)", None),
    ("c", r"\frac{\partial J}{\partial u_w} = \hat y_w v_c - y_w v_c", None),
    ("c", r"\frac{\partial J}{\partial u_o} = \hat y_o v_c - v_c", None),
    ("c", r"\frac{\partial J}{\partial u_j} = (\hat y_j - y_j) v_c", None),
    ("c", r"\frac{\delta J}{\delta u_w} = (\widehat{y}_w - y_w) v_c", None),
    ("c", r"(\hat y_w - \delta_{wo}) v_c", "u_w"), ("c", r"(\hat y_w - \mathbb{I}[w=o]) v_c", "u_w"),
    # (d)
    ("d", r"v_c(\hat y - y)^\top", None), ("d", r"v_c \hat y^\top - v_c y^\top", None),
    ("d", r"\frac{\partial J}{\partial U} = v_c (\hat{y} - y)^{T}", None), ("d", r"-v_c (y - \hat y)^T", None),
    ("d", r"v_c \left(\hat{y}^\top - y^\top\right)", None), ("d", r"((\hat y - y) v_c^\top)^\top", None),
    ("d", r"v_c \cdot (\hat y - y)^{\top}", None),
    ("d", r"\frac{\partial J}{\partial U} = \boxed{v_c(\hat y - y)^\intercal}", None),
    ("d", r"(v_c^\top)^\top (\hat y - y)^\top", None),
    ("d", r"\frac{\partial}{\partial U}\left(-\log \hat y_o\right)", None),
    # (e)
    ("e", r"\sigma(x)(1-\sigma(x))", None), ("e", r"\sigma(x)\sigma(-x)", None),
    ("e", r"\frac{e^{-x}}{(1+e^{-x})^2}", None), ("e", r"\sigma'(x) = \sigma(x)(1 - \sigma(x))", None),
    ("e", r"\sigma(x) - \sigma(x)^2", None), ("e", r"\frac{1}{1+e^{-x}} \cdot \frac{e^{-x}}{1+e^{-x}}", None),
    ("e", r"\frac{e^{x}}{(1+e^{x})^2}", None), ("e", r"\frac{d\sigma}{dx} = \sigma(x)(1-\sigma(x))", None),
    ("e", r"\frac{\exp(-x)}{(1+\exp(-x))^{2}}", None), ("e", r"\frac{d}{dx}\frac{1}{1+e^{-x}}", None),
    ("e", r"(1-\sigma(x))\sigma(x)", None), ("e", r"\frac{1}{1+e^{-x}}\left(1 - \frac{1}{1+e^{-x}}\right)", None),
    # (f)
    ("f", r"-(1-\sigma(u_o^\top v_c)) u_o + \sum_{k=1}^{K} (1-\sigma(-u_k^\top v_c)) u_k", "v_c"),
    ("f", r"(\sigma(u_o^\top v_c) - 1) u_o + \sum_{k=1}^K \sigma(u_k^\top v_c) u_k", "v_c"),
    ("f", r"\frac{\partial J}{\partial v_c} = -\sigma(-u_o^\top v_c) u_o + \sum_{k} \sigma(u_k^T v_c) u_k", None),
    ("f", r"\frac{\partial J}{\partial u_o} = -(1-\sigma(u_o^\top v_c)) v_c", None),
    ("f", r"\frac{\partial J}{\partial u_o} = (\sigma(u_o^\top v_c)-1) v_c", None),
    ("f", r"-\sigma(-u_o^T v_c) v_c", "u_o"),
    ("f", r"\frac{\partial J}{\partial u_k} = (1-\sigma(-u_k^\top v_c)) v_c", None),
    ("f", r"\frac{\partial J}{\partial u_k} = \sigma(u_k^\top v_c) v_c", None),
    ("f", r"\frac{\partial J}{\partial u_k} = \left(1 - \sigma\left(-u_k^\top v_c\right)\right) v_c", None),
    ("f", r"v_c \sigma(u_k^T v_c)", "u_k"),
    ("f", r"\frac{\partial J}{\partial u_{w_k}} = \sigma(u_{w_k}^\top v_c) v_c", None),
    ("f", r"\frac{\partial J_{\text{neg-sample}}}{\partial v_c} = -\left(1-\sigma(u_o^\top v_c)\right)u_o + "
          r"\sum_{k=1}^{K}\left(1-\sigma(-u_k^\top v_c)\right)u_k", None),
    # (g)
    ("g", r"\frac{\partial J}{\partial u_k} = \sum_{i: w_i = w_k} (1-\sigma(-u_k^\top v_c)) v_c", None),
    ("g", r"\frac{\partial J}{\partial u_k} = \sum_{i=1}^{K} \mathbb{1}[w_i = w_k] \sigma(u_k^\top v_c) v_c", None),
    ("g", r"\frac{\partial J}{\partial u_k} = n_k (1-\sigma(-u_k^T v_c)) v_c", None),
    ("g", r"\frac{\partial J}{\partial u_k} = \sum_{\substack{i=1 \\ w_i = w_k}}^{K} \sigma(u_{w_i}^\top v_c) v_c", None),
    ("g", r"\frac{\partial J}{\partial u_k} = \sum_{j=1}^K \mathbb{1}\{w_j = w_k\} (1 - \sigma(-u_k^\top v_c)) v_c", None),
    ("g", r"-(1-\sigma(u_o^\top v_c)) u_o + \sum_{k=1}^{K} (1-\sigma(-u_k^\top v_c)) u_k", "v_c"),
    ("g", r"(\sigma(u_o^T v_c)-1)u_o + \sum_{i=1}^K \sigma(u_{w_i}^T v_c) u_{w_i}", "v_c"),
    ("g", r"\frac{\partial J}{\partial u_o} = -(1-\sigma(u_o^\top v_c)) v_c", None),
    ("g", r"(\sigma(u_o^\top v_c) - 1)v_c", "u_o"),
    ("g", r"\frac{\partial J}{\partial u_x} = n_x (1-\sigma(-u_x^T v_c)) v_c", None),
    ("g", r"\frac{\partial J}{\partial u_k} = \sum_{i=1}^{K}\mathbb{1}[w_i = w_k]\,(1-\sigma(-u_{w_i}^\top v_c))\,v_c", None),
    # (h)
    ("h", r"\frac{\partial J_{\text{skip-gram}}}{\partial U} = \sum_{-m \le j \le m, j \neq 0} "
          r"\frac{\partial J(v_c, w_{t+j}, U)}{\partial U}", None),
    ("h", r"\sum_{\substack{-m\le j\le m\\ j\ne 0}} v_c(\hat y - y^{(t+j)})^\top", "U"),
    ("h", r"\sum_{j=-m, j \neq 0}^{m} \frac{\partial J(v_c, w_{t+j}, U)}{\partial U}", "U"),
    ("h", r"\frac{\partial J_{sg}}{\partial v_c} = \sum_{j \neq 0} U(\hat y - y^{(t+j)})", None),
    ("h", r"\sum_{-m \le j \le m, j \ne 0} \frac{\partial J(v_c, w_{t+j}, U)}{\partial v_c}", "v_c"),
    ("h", r"\sum_{j\neq 0} (U\hat y - u_{w_{t+j}})", "v_c"),
    ("h", r"\frac{\partial J_{\text{skip-gram}}}{\partial v_w} = 0", None), ("h", r"\mathbf{0}", "v_w"),
    ("h", r"\frac{\partial J_{sg}}{\partial v_w} = \vec{0}", None),
    ("h", r"\sum_{j \neq 0} \frac{\partial J(v_c, w_{t+j}, U)}{\partial U}", "U"),
    ("h", r"\sum_{j} U(\hat y - y^{(t+j)})", "v_c"),
    ("h", r"\frac{\partial J_{\text{skip-gram}}(v_c, w_{t-m}, \dots, w_{t+m}, U)}{\partial U} = "
          r"\sum_{j\neq0} v_c(\hat y - y^{(t+j)})^T", None),
]

# (part, latex, quantity, mistake): every wrong formula of the catalogue, and the single slips, by name
MISTAKES = [
    ("b", r"U^\top(\hat y - y)", None, "grad_center_with_U_transposed"),
    ("b", r"\frac{\partial J}{\partial v_c} = v_c(\hat y - y)^T", None, "grad_center_as_outer_product"),
    ("b", r"U(y - \hat y)", None, "residual_reversed"),
    ("c", r"\frac{\partial J}{\partial u_w} = \hat y_w - y_w", None, "grad_outside_without_center"),
    ("c", r"\frac{\partial J}{\partial u_w} = \hat y_w v_c", None, "grad_outside_ignoring_observed_case"),
    ("c", r"\frac{\partial J}{\partial u_o} = (y_o - 1) v_c", None, "one_hot_for_prediction"),
    ("c", r"\frac{\partial J}{\partial u_w} = (y_w - \hat y_w) v_c", None, "residual_reversed"),
    ("d", r"(\hat y - y) v_c^\top", None, "grad_outside_matrix_transposed"),
    ("d", r"v_c (y - \hat y)^\top", None, "residual_reversed"),
    ("e", r"-\frac{e^{x}}{(1+e^{x})^2}", None, "derivative_of_lost_sign_sigmoid"),
    ("e", r"\sigma(x)\sigma(1-\sigma(x))", None, "sigma_applied_twice"),
    ("f", r"\frac{\partial J}{\partial u_k} = (1-\sigma(u_k^\top v_c)) v_c", None, "neg_sampling_sigma_flipped"),
    ("f", r"\frac{\partial J}{\partial u_o} = (1-\sigma(u_o^\top v_c)) v_c", None, "neg_sampling_outside_sign_flipped"),
    ("f", r"\frac{\partial J}{\partial u_k} = -(1-\sigma(-u_k^\top v_c)) v_c", None, "negated_score_chain_dropped"),
    ("f", r"-(1-\sigma(u_o^\top v_c)) u_o - \sum_{k=1}^{K}(1-\sigma(-u_k^\top v_c)) u_k", "v_c",
     "negated_score_chain_dropped"),
    ("f", r"\frac{\partial J}{\partial u_o} = \sigma(u_o^\top v_c - 1) v_c", None, "sigma_minus_one_inside"),
    ("g", r"\frac{\partial J}{\partial u_k} = (1-\sigma(-u_k^\top v_c)) v_c", None, "repeats_dropped"),
    ("g", r"\frac{\partial J}{\partial u_k} = \sum_{w=1}^{|V|} \mathbb{1}[w = w_k] (1-\sigma(-u_k^\top v_c)) v_c",
     None, "repeats_dropped"),
    ("h", r"\frac{\partial J_{sg}}{\partial v_w} = \sum_{j \neq 0} U(\hat y - y^{(t+j)})", None,
     "center_gradient_everywhere"),
    ("h", r"\frac{\partial J_{sg}}{\partial U} = \sum_{j=-m}^{m} \frac{\partial J(v_c, w_{t+j}, U)}{\partial U}", None,
     "window_includes_center"),
    ("h", r"\frac{\partial J_{sg}}{\partial U} = \frac{1}{2m}\sum_{j\neq 0} \frac{\partial J(v_c, w_{t+j}, U)}{\partial U}",
     None, "window_averaged"),
    ("a", r"-\log y_o", None, "y_for_y_hat"), ("a", r"\log \hat y_o", None, "sign_flipped"),
    # single slips
    ("h", r"\frac{\partial J_{sg}}{\partial v_c} = \sum_{j \neq 0} U(y^{(t+j)} - \hat y)", None, "sign_flipped"),
    ("b", r"u_o + \sum_{w} \hat y_w u_w", None, "sign_dropped"),
    ("f", r"\frac{\partial J}{\partial u_o} = -(1-\sigma(-u_o^\top v_c)) v_c", None, "sigma_argument_sign"),
    ("h", r"\frac{\partial J_{sg}}{\partial v_c} = \sum_{j\neq 0} U^\top(\hat y - y^{(t+j)})", None, "transpose_slip"),
    ("b", r"-u_o + \sum_{w} y_w u_w", None, "y_for_y_hat"),
    ("b", r"-u_o + \frac{\sum_w (u_w^\top v_c) u_w}{\sum_x \exp(u_x^\top v_c)}", None, "exp_dropped"),
    ("f", r"\frac{\partial J}{\partial u_k} = \sigma(u_k^\top v_c)", None, "center_vector_missing"),
    ("f", r"\frac{\partial J}{\partial v_c} = -(1-\sigma(u_o^\top v_c)) v_c", None, "quantity_switched"),
    ("e", r"\frac{1}{1+e^{x}}", "sigma", "sigmoid_exponent_sign_lost"),
]

# (part, latex, quantity, verdict): not equal, and not a known mistake; or a shape error
WRONG = [
    ("a", r"-\hat y_o \log \hat y_o", None, "wrong"), ("a", r"-\sum_w \log \hat y_w", None, "wrong"),
    ("h", r"\frac{\partial J_{sg}}{\partial v_c} = \sum_{j\neq 0} U\hat y", None, "wrong"),
    ("e", r"\sigma(-x)", None, "wrong"),
    ("b", r"U \hat y", None, "wrong"), ("b", r"\sum_w \hat y_w u_w", None, "wrong"),
    ("c", r"\frac{\partial J}{\partial u_w} = \hat y_w^2 v_c", None, "wrong"),
    ("d", r"v_c \hat y^\top", None, "wrong"), ("e", r"\sigma(x)^2", None, "wrong"),
    ("f", r"\frac{\partial J}{\partial u_o} = v_c", None, "wrong"),
    ("g", r"\frac{\partial J}{\partial u_k} = K \sigma(u_k^\top v_c) v_c", None, "wrong"),
    ("h", r"\frac{\partial J_{sg}}{\partial v_c} = U(\hat y - y^{(t+j)})", None, "unreadable"),
    ("f", r"\sum_{w \in \mathcal{W}_{neg}} \sigma(u_w^T v_c) u_w", "v_c", "unreadable"),
    ("b", r"U^\top \hat y", None, "shape"), ("d", r"v_c^\top (\hat y - y)", None, "shape"),
    ("b", r"v_c^\top U", None, "shape"), ("c", r"\frac{\partial J}{\partial u_w} = \hat y_w v_c^\top", None, "shape"),
]

UNREADABLE = [
    "", "   ", r"\input{/etc/passwd}", r"\def\x{1} \x", r"\foo{x}", r"U(\hat y - y", "import os; os.system('ls')",
    "np.outer(y_hat - y, v_c)", "\U0001F642", r"\newcommand{\a}{b}", "__import__('os')", "{" * 10_000,
    "U" * 100_000, r"\begin{tabular}{c} x \end{tabular}", r"\sigma^{-1}(x)",
]
