# framework_common — code the framework plugins share, compiled into each
# module (FRAMEWORK_COMMON in its _SOURCES); plugin code: SDK headers only.
FRAMEWORK_COMMON = plugins/framework_common/book.c plugins/framework_common/book.h
