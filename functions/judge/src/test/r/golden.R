# Golden fixtures for Slipway's Mann-Whitney port: R's wilcox.test, asymptotic branch.
#
#   Rscript functions/judge/src/test/r/golden.R functions/judge/src/test/resources/golden/wilcox.json
#
# Every case records the exact R call beside its result. x is the experiment, y the control, as in
# Kayenta (the interval is for the shift x - y). exact = FALSE forces the normal approximation that
# Kayenta always uses (R would pick the exact branch for small samples without ties).
# No packages beyond base R: the JSON is written by hand with 17 significant digits.

args <- commandArgs(trailingOnly = TRUE)
out <- if (length(args) > 0) args[[1]] else "wilcox.json"

# R's own W(d) from wilcox.test.default (two-sample, two-sided, correct = TRUE). Since R 4.0
# wilcox.test sets correct <- FALSE before solving for the estimate; Kayenta (like R before it)
# keeps the continuity correction there. estimateCorrected is that estimate, solved the way
# wilcox.test solves it: uniroot(W, lower = mumin, upper = mumax, tol = 1e-4).
W.corrected <- function(d, x, y) {
  n.x <- length(x); n.y <- length(y)
  dr <- rank(c(x - d, y))
  NTIES.CI <- table(dr)
  dz <- sum(dr[seq_along(x)]) - n.x * (n.x + 1) / 2 - n.x * n.y / 2
  CORRECTION.CI <- sign(dz) * 0.5
  SIGMA.CI <- sqrt((n.x * n.y / 12) * ((n.x + n.y + 1) - sum(NTIES.CI^3 - NTIES.CI) / ((n.x + n.y) * (n.x + n.y - 1))))
  (dz - CORRECTION.CI) / SIGMA.CI
}
estimate.call <- "uniroot(W.corrected, lower = min(x) - max(y), upper = max(x) - min(y), tol = 1e-4, x = x, y = y)$root"

cases <- list()
add <- function(name, x, y, conf.level) {
  call <- sprintf("wilcox.test(x, y, conf.int = TRUE, conf.level = %s, correct = TRUE, exact = FALSE)",
                  format(conf.level))
  r <- wilcox.test(x, y, conf.int = TRUE, conf.level = conf.level, correct = TRUE, exact = FALSE)
  cases[[length(cases) + 1]] <<- list(name = name, call = call, conf.level = conf.level, x = x, y = y,
                                      lower = r$conf.int[[1]], upper = r$conf.int[[2]],
                                      estimate = unname(r$estimate),
                                      estimateCorrected = uniroot(W.corrected, lower = min(x) - max(y),
                                                                  upper = max(x) - min(y), tol = 1e-4,
                                                                  x = x, y = y)$root)
}

set.seed(20261127)
add("normal 50 vs 50, shift 1, 95%", rnorm(50, 11, 2), rnorm(50, 10, 2), 0.95)
add("normal 100 vs 120, no shift, 98%", rnorm(100, 5, 1), rnorm(120, 5, 1), 0.98)
add("poisson counts with ties, 98%", rpois(60, 4), rpois(60, 3), 0.98)
add("lognormal latency 300 vs 300, +10%, 98%", rlnorm(300, log(0.22), 0.3), rlnorm(300, log(0.2), 0.3), 0.98)
add("lognormal latency 300 vs 300, -20%, 95%", rlnorm(300, log(0.16), 0.3), rlnorm(300, log(0.2), 0.3), 0.95)
add("negative values, 90%", rnorm(40, -3, 4), rnorm(45, -2, 4), 0.90)
add("zero-heavy error counts, 98%", c(rep(0, 50), rpois(10, 6)), c(rep(0, 55), rpois(5, 2)), 0.98)
add("rounded cpu 1440 vs 1440, 98%", round(rnorm(1440, 41, 6), 1), round(rnorm(1440, 40, 6), 1), 0.98)
add("uniform 200 vs 150, 99%", runif(200, 0, 100), runif(150, 10, 110), 0.99)
add("small samples reach the endpoint rule, 95%", c(10, 20, 30, 40), c(1, 2, 3, 4), 0.95)
add("integers with heavy ties, 98%", sample(1:5, 80, replace = TRUE), sample(2:6, 70, replace = TRUE), 0.98)
add("large scale values, 98%", rnorm(120, 1e6, 5e4), rnorm(110, 1.02e6, 5e4), 0.98)

num <- function(v) paste(sprintf("%.17g", v), collapse = ", ")
str <- function(s) paste0("\"", gsub("\"", "\\\\\"", s), "\"")
lines <- c("[")
for (i in seq_along(cases)) {
  c <- cases[[i]]
  lines <- c(lines, paste0(
    "  {\"name\": ", str(c$name), ",\n",
    "   \"r\": ", str(paste0(R.version.string)), ",\n",
    "   \"call\": ", str(c$call), ",\n",
    "   \"confLevel\": ", num(c$conf.level), ",\n",
    "   \"lower\": ", num(c$lower), ", \"upper\": ", num(c$upper), ", \"estimate\": ", num(c$estimate), ",\n",
    "   \"estimateCall\": ", str(estimate.call), ",\n",
    "   \"estimateCorrected\": ", num(c$estimateCorrected), ",\n",
    "   \"x\": [", num(c$x), "],\n",
    "   \"y\": [", num(c$y), "]}", if (i < length(cases)) "," else ""))
}
lines <- c(lines, "]")
writeLines(lines, out)
cat("wrote", length(cases), "cases to", out, "\n")
