# Example engagements and their data.
EXTRA_DIST += conf/example.ini conf/example-lewin-7s.ini conf/simulated_funnel.ini conf/example
