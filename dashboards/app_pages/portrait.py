from dashboards.views.portrait import render

render()
